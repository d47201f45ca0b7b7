#!/usr/bin/env bash
# Debian packages jixiao needs beyond Python: LibreOffice (PDF export, .doc reading),
# CJK fonts (Chinese in exported PDFs and in the web pages), poppler-utils (pdftotext/pdftoppm
# in tests), Chromium (the browser the workbench's tests drive through Playwright), a C compiler and the
# Python headers (setup.py compiles the review's hot modules; without them jixiao runs as pure Python).
# Installs what is missing when run as root on Debian/Ubuntu; otherwise says what to do.
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui libreoffice-calc-nogui)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
"${PYTHON:-python3}" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
  2>/dev/null || missing+=(python3-dev)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装系统依赖 / installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "缺少系统依赖 / missing Debian packages: ${missing[*]}" >&2
  echo "请运行 / please run: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
