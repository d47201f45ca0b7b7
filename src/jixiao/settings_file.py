"""Reading a settings file: a built-in YAML shipped in a package, or a user's YAML path.

Review profiles (``jixiao.review.profiles``) and scoring methods
(``jixiao.scoring.methods``) are both versioned YAML mappings that a user can replace
with a file of their own; this module reads either and reports problems as
:class:`jixiao.errors.ReadError` naming the file and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import errors


@dataclass(frozen=True)
class SettingsKind:
    package: str   # where the built-in files live, e.g. "jixiao.review.profiles"
    code: str      # the error code, e.g. "bad-profile"
    zh: str        # 审核配置 / 评分方法
    en: str        # review profile / scoring method
    example: str   # the built-in file to compare with
    top_keys: str  # what the top level holds, for the message

    def builtin(self) -> list[str]:
        return sorted(p.name[:-5] for p in resources.files(self.package).iterdir() if p.name.endswith(".yaml"))

    def bad(self, path: str, zh: str, en: str) -> errors.ReadError:
        return errors.ReadError(self.code, f"{self.zh}无效：{zh}", f"invalid {self.en}: {en}",
                                f"请对照 {self.example} 的格式修改。", path=path)

    def read(self, name_or_path: str) -> tuple[dict[str, Any], str]:
        """The mapping in a built-in file (by name) or a user file (by path), and how to name it."""
        if name_or_path in self.builtin():
            text = (resources.files(self.package) / f"{name_or_path}.yaml").read_text(encoding="utf-8")
            shown = name_or_path
        else:
            path = Path(name_or_path)
            if not path.is_file():
                raise errors.ReadError(self.code, f"找不到{self.zh}", f"no such {self.en}",
                                       f"内置：{', '.join(self.builtin())}；或给出 YAML 文件路径。", path=name_or_path)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise self.bad(str(path), f"无法读取（{exc}）", "cannot be read as UTF-8 text") from None
            shown = str(path)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise self.bad(shown, f"YAML 语法错误（{exc}）", "YAML syntax error") from None
        if not isinstance(data, dict):
            raise self.bad(shown, f"顶层应是映射（{self.top_keys}）", "top level must be a mapping")
        return data, shown
