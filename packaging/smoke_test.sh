#!/usr/bin/env bash
# Smoke test of the frozen app (after `make package`): starts it headless from a clean
# environment (no PYTHONPATH, no venv on PATH, a temporary HOME, cache and working folder), so
# anything it still read from the checkout or the network would show up as a failure.
#   bash packaging/smoke_test.sh [APP_DIR]     (default: dist/product-video-studio)
# Checks: (a) --help; (b) the demo video renders and ffmpeg decodes it (video + audio); no model
# reported unavailable; (c) the desktop window opens offscreen and saves a screenshot; (d) the
# frozen app plans the demo exactly as the checkout's .venv does. With strace installed, (b)
# and (d) also fail on any attempt to reach the network.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
app_dir=$(cd "${1:-$repo/dist/product-video-studio}" && pwd)
app=$app_dir/product-video-studio
[ -x "$app" ] || { echo "smoke: no $app (run make package)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# The clean environment every run below gets.
run() {
  env -i PATH=/usr/bin:/bin HOME="$tmp" LANG=C.UTF-8 \
    STUDIO_OUTPUT_DIR="$tmp/out" STUDIO_CACHE_DIR="$tmp/cache" "$@"
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
# With strace installed, the demo render and the plan run under it, which records every
# connect(): the app must open no internet connection, not even a DNS lookup.
strace=$(command -v strace || true)
traced() { # traced LOG COMMAND...: like run
  local log=$1
  shift
  if [ -n "$strace" ]; then run "$strace" -f -qq --seccomp-bpf -e trace=connect -o "$log" "$@"; else run "$@"; fi
}
offline() { # offline LOG WHAT: fails when LOG records a connection to the internet
  [ -z "$strace" ] || ! grep -E "sa_family=AF_INET6?," "$1" || fail "$2 tried to reach the network"
}

# The ffmpeg the app ships (imageio-ffmpeg's binary), to probe the result with.
ffmpeg=$(find "$app_dir/_internal/imageio_ffmpeg/binaries" -maxdepth 1 -type f -name 'ffmpeg*' | head -1)
[ -x "$ffmpeg" ] || fail "no bundled ffmpeg under _internal/imageio_ffmpeg/binaries"

# (a) the CLI's help
t0=$(now)
run "$app" --help >help.txt 2>&1 || { cat help.txt; fail "--help exited non-zero"; }
t1=$(now)
grep -q "^usage: studio" help.txt && grep -q "render" help.txt && grep -q "demo" help.txt \
  || { cat help.txt; fail "--help did not print the CLI help"; }
echo "smoke: (a) --help ok ($(secs "$t0" "$t1") s)"

# (b) the demo video, small
t0=$(now)
traced net-demo.txt "$app" demo --height 240 -q >demo.out 2>demo.err \
  || { cat demo.out demo.err; fail "demo exited non-zero"; }
t1=$(now)
mp4=$tmp/out/demo-landscape.mp4
[ -s "$mp4" ] || { cat demo.out demo.err; ls -R "$tmp/out" || true; fail "no $mp4"; }
[ -s "$tmp/out/demo-landscape.srt" ] || fail "no subtitles beside the video"
# The studio degrades quietly when a model is missing ("... unavailable: ..."): a bundle that
# lost one would still render, so treat any such report as a failure.
if grep -Eiq "unavailable|traceback|error" demo.err; then
  cat demo.err; fail "demo reported a problem (a model or file missing from the bundle?)"
fi
"$ffmpeg" -v error -i "$mp4" -f null - 2>decode.err || { cat decode.err; fail "ffmpeg cannot decode $mp4"; }
if [ -s decode.err ]; then cat decode.err; fail "ffmpeg reported errors decoding $mp4"; fi
"$ffmpeg" -hide_banner -i "$mp4" 2>probe.txt || true # exits 1: no output named
offline net-demo.txt "the demo render"
grep -q "Stream #.*Video: h264" probe.txt || { cat probe.txt; fail "no H.264 video stream"; }
grep -q "Stream #.*Audio: aac" probe.txt || { cat probe.txt; fail "no AAC audio stream"; }
duration=$(grep -o "Duration: [0-9:.]*" probe.txt | cut -d' ' -f2)
echo "smoke: (b) demo ok ($(secs "$t0" "$t1") s, $(du -h "$mp4" | cut -f1), $duration, H.264 + AAC)"

# (c) the desktop window, offscreen, saves a screenshot once the plan and preview are ready
# (with an empty cache, so the models load and analyse the photos again, as on a first start)
t0=$(now)
run STUDIO_CACHE_DIR="$tmp/cache-gui" QT_QPA_PLATFORM=offscreen "$app" --demo --screenshot "$tmp/shot.png" >gui.out 2>&1 \
  || { cat gui.out; fail "the studio window did not start"; }
t1=$(now)
[ -s "$tmp/shot.png" ] || { cat gui.out; fail "no screenshot"; }
[ "$(head -c 8 "$tmp/shot.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
  || fail "the screenshot is not a PNG"
if grep -Eiq "unavailable|traceback" gui.out; then
  cat gui.out; fail "the studio reported a problem"
fi
echo "smoke: (c) window + screenshot ok ($(secs "$t0" "$t1") s, $(du -h "$tmp/shot.png" | cut -f1))"
if [ -n "${SMOKE_KEEP_SHOT:-}" ]; then cp "$tmp/shot.png" "$SMOKE_KEEP_SHOT"; fi

# (d) the plan of the demo (OCR, salient masks, embeddings), with an empty cache so every model
# runs: no network connection, and, when the checkout's .venv is there, exactly the venv's plan
# (every model the matcher uses made it into the bundle).
demo_dir=$app_dir/_internal/studio/resources/demo
traced net-match.txt env STUDIO_CACHE_DIR="$tmp/cache-match" "$app" match "$demo_dir" --json \
  >frozen.json 2>frozen.err || { cat frozen.err; fail "frozen match failed"; }
offline net-match.txt "the frozen match"
net=${strace:+", no network connection (strace)"}
if [ -x "$repo/.venv/bin/studio" ]; then
  run STUDIO_CACHE_DIR="$tmp/cache-venv" "$repo/.venv/bin/studio" match "$repo/studio/resources/demo" --json >venv.json 2>venv.err \
    || { cat venv.err; fail "venv match failed"; }
  cmp -s frozen.json venv.json || { diff venv.json frozen.json | head -40; fail "the frozen app plans the demo differently from the venv"; }
  echo "smoke: (d) match ok$net, --json identical to the venv's"
else
  echo "smoke: (d) match ok$net (no .venv to compare its plan with)"
fi
echo "smoke: all checks passed"
