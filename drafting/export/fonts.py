"""Fonts for exports, found on this machine at run time.

Official documents name Windows fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体). Where one is
not installed, the first installed font of the same style stands in (a Song/Ming serif for 仿宋 and 小标宋,
a sans for 黑体, a Kai for 楷体), and the substitution is reported. The installed families come from
fontconfig (what LibreOffice uses), else from matplotlib's font list; the chart's CJK font from matplotlib.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import lru_cache

from knowledge.errors import ConfigError

logger = logging.getLogger(__name__)

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN", "Noto Serif SC")
_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
         "Noto Sans SC", "Droid Sans Fallback")  # fmt: skip
# Official font -> its other names, then stand-ins of the same style, best first.
FALLBACKS: dict[str, tuple[str, ...]] = {
    TITLE_FONT: ("FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05", "华文中宋", "STZhongsong", "宋体", "SimSun",
                 *_SERIF),
    BODY_FONT: ("FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong", *_SERIF),
    HEADING1_FONT: ("SimHei", "华文黑体", "STHeiti", "微软雅黑", "Microsoft YaHei", *_SANS),
    HEADING2_FONT: ("KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti", "AR PL UKai CN", "AR PL KaitiM GB", *_SERIF),
    PAGE_NUMBER_FONT: ("SimSun", "NSimSun", "新宋体", *_SERIF),
}  # fmt: skip
CHART_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei",
               "Microsoft YaHei", "PingFang SC", "Heiti SC", "Noto Sans SC", "Noto Sans CJK JP", "AR PL UKai CN",
               "Noto Serif CJK SC", "Droid Sans Fallback")  # fmt: skip
INSTALL_HINT = "请安装中文字体（Debian/Ubuntu：apt-get install fonts-noto-cjk，或运行 make system-deps）。"


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Font family names installed here (every name a family goes by)."""
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=20, check=True)
            return frozenset(name.strip() for line in out.stdout.splitlines() for name in line.split(",") if name.strip())
        except (OSError, subprocess.SubprocessError):
            logger.warning("fc-list failed; using matplotlib's font list", exc_info=True)
    from matplotlib import font_manager

    return frozenset(f.name for f in font_manager.fontManager.ttflist)


def resolve_font(official: str, installed: frozenset[str]) -> str:
    """`official` when installed, else its first installed alias or stand-in; `official` if none is."""
    if official in installed:
        return official
    return next((name for name in FALLBACKS.get(official, ()) if name in installed), official)


def _add_fontconfig_cjk_fonts() -> None:
    """Register fontconfig's Chinese fonts with matplotlib: its cached font list predates fonts installed
    after matplotlib first ran."""
    from matplotlib import font_manager

    if not shutil.which("fc-list"):
        return
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError):
        return
    for line in out.stdout.splitlines():
        path = line.split(":")[0].strip()
        if path:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                logger.debug("matplotlib cannot read %s", path)


def chart_font() -> str:
    """A CJK font matplotlib can render Chinese with; ConfigError (with the install hint) if none."""
    from matplotlib import font_manager

    for attempt in range(2):
        names = {f.name for f in font_manager.fontManager.ttflist}
        for name in CHART_FONTS:
            if name in names:
                return name
        if attempt == 0:
            _add_fontconfig_cjk_fonts()
    raise ConfigError(f"未找到可用于图表的中文字体。{INSTALL_HINT}")
