# Installs the Debian packages Centralita runs (PDF and OCR tools), plus with `tests` what the
# tests use (systemd-analyze, lintian), each only when its command is missing. Sourced by scripts/test
# and scripts/demo; installing needs root.
install_missing_packages() {
    local missing=()
    if [[ "${1:-}" == tests ]]; then
        command -v systemd-analyze >/dev/null || missing+=(systemd)
        command -v lintian >/dev/null || missing+=(lintian)
    fi
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    command -v tesseract >/dev/null || missing+=(tesseract-ocr)
    local lang
    for lang in spa eng; do
        tesseract --list-langs 2>/dev/null | grep -qx "$lang" || missing+=("tesseract-ocr-$lang")
    done
    if ((${#missing[@]})); then
        echo "installing ${missing[*]} (needs root)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
}
