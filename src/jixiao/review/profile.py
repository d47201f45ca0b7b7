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
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .. import errors
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


def _bad(path: str, zh: str, en: str) -> errors.ReadError:
    return errors.ReadError("bad-profile", f"审核配置无效：{zh}", f"invalid review profile: {en}",
                            "请对照 jixiao/review/profiles/national-101.yaml 的格式修改。", path=path)


def builtin_profiles() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files("jixiao.review.profiles").iterdir() if p.name.endswith(".yaml"))


def _read(name_or_path: str) -> tuple[dict[str, Any], str]:
    if name_or_path in builtin_profiles():
        text = (resources.files("jixiao.review.profiles") / f"{name_or_path}.yaml").read_text(encoding="utf-8")
        shown = name_or_path
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise errors.ReadError("bad-profile", "找不到审核配置", "no such review profile",
                                   f"内置配置：{', '.join(builtin_profiles())}；或给出 YAML 文件路径。", path=name_or_path)
        text = path.read_text(encoding="utf-8")
        shown = str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _bad(shown, f"YAML 语法错误（{exc}）", "YAML syntax error") from None
    if not isinstance(data, dict):
        raise _bad(shown, "顶层应是映射（name/version/rules）", "top level must be a mapping")
    return data, shown


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
