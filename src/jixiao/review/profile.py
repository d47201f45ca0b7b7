"""Profiles: a versioned YAML file that enables/disables rules and overrides severities
and thresholds. ``national-101`` is the default; ``shanghai`` is an example of a local
profile. Users pass their own file with ``--profile path/to/profile.yaml``.

Format::

    name: shanghai
    version: "2024.1"
    extends: national-101          # optional: start from another profile
    description: 上海市 …
    rules:
      JX-C104: {severity: error}   # override the severity
      JX-R307: {enabled: false}    # turn a rule off
      JX-C111: {params: {min_indicators: 5}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from ..settings_file import SettingsKind
from .model import SEVERITIES, Severity
from .rule import REGISTRY

DEFAULT_PROFILE = "national-101"


@dataclass
class RuleSetting:
    enabled: bool
    severity: Severity
    params: dict[str, Any]


@dataclass
class Profile:
    name: str
    version: str
    description: str = ""
    settings: dict[str, RuleSetting] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def setting(self, code: str) -> RuleSetting:
        return self.settings[code]


_KIND = SettingsKind("jixiao.review.profiles", "bad-profile", "审核配置", "review profile",
                      "jixiao/review/profiles/national-101.yaml", "name/version/rules")
_bad = _KIND.bad


def builtin_profiles() -> list[str]:
    """Names of the built-in files."""
    return _KIND.builtin()


def _read(name_or_path: str) -> tuple[dict[str, Any], str]:
    return _KIND.read(name_or_path)


def load_profile(name_or_path: str | None = None, _seen: tuple[str, ...] = ()) -> Profile:
    """Load a built-in profile by name or a YAML file by path; resolve ``extends``."""
    from . import rules as _rules  # noqa: F401 - registers the rules

    name_or_path = name_or_path or DEFAULT_PROFILE
    if name_or_path in _seen:
        raise _bad(name_or_path, "extends 形成循环", "circular extends")
    data, shown = _read(name_or_path)
    base = data.get("extends")
    if base:
        profile = load_profile(str(base), _seen + (name_or_path,))
    else:
        profile = Profile(name="", version="", settings={
            code: RuleSetting(enabled=True, severity=cls.severity, params=dict(cls.params)) for code, cls in REGISTRY.items()
        })
    profile.name = str(data.get("name") or Path(shown).stem)
    profile.version = str(data.get("version") or "0")
    profile.description = str(data.get("description") or profile.description)
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise _bad(shown, "rules 应是「规则代码: 设置」的映射", "rules must map codes to settings")
    for code, conf in rules.items():
        if code not in REGISTRY:
            raise _bad(shown, f"未知的规则代码 {code}", f"unknown rule code {code}")
        conf = conf or {}
        if not isinstance(conf, dict):
            raise _bad(shown, f"{code} 的设置应是映射", f"settings of {code} must be a mapping")
        s = profile.settings[code]
        if "enabled" in conf:
            s.enabled = bool(conf["enabled"])
        if "severity" in conf:
            if conf["severity"] not in SEVERITIES:
                raise _bad(shown, f"{code} 的 severity 应为 error/warning/info", f"bad severity for {code}")
            s.severity = conf["severity"]
        params = conf.get("params") or {}
        unknown = set(params) - set(REGISTRY[code].params)
        if unknown:
            raise _bad(shown, f"{code} 没有参数 {', '.join(sorted(unknown))}", f"{code} has no parameter {', '.join(sorted(unknown))}")
        s.params.update(params)
    return profile
