#!/usr/bin/env bash
# Makes resources/demo/ (user.wav, camera.y4m, demo.scenario.json, README.md) deterministically with espeak-ng, sox and ffmpeg.
#
# The mic track exercises the four turn-taking moments the interaction model has to get right:
#   A  a question with a 500 ms pause after a function word ("… like in | Paris …"): hold, do not answer;
#   -  4 s of silence after it: the assistant answers here;
#   B  an ~8 s story in four phrases separated by 300 ms pauses: backchannel, do not take the turn;
#   C  the user cuts in 900 ms after B, while the assistant would be answering: yield;
#   -  a typed question, then ~3 s of silence to the end.
# Usage: scripts/make-demo-scenario.sh [OUT_DIR]   (default: resources/demo next to this script)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="${1:-$REPO_ROOT/resources/demo}"

for tool in espeak-ng sox soxi ffmpeg; do
  command -v "$tool" >/dev/null || {
    echo "make-demo-scenario: '$tool' not found; install it with: apt-get install -y espeak-ng sox ffmpeg" >&2
    exit 1
  }
done

RATE_HZ=16000
SAMPLES_PER_MS=$((RATE_HZ / 1000))
MICRO_TURN_MS=200
VOICE=en-us
WORDS_PER_MIN=165
PITCH=50
CAMERA_FPS=5

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT_DIR"

# -R: repeatable (fixed seeds); -D: no dither, so the same input gives the same bytes on every run.
SOX=(sox -R -D)

# speak NAME TEXT: synthesizes one phrase, trims its leading and trailing silence, converts it to
# 16 kHz mono 16-bit and pads it with silence to a whole number of milliseconds.
# Each phrase is synthesized whole, so a phrase that ends in a comma keeps its non-final intonation.
speak() {
  local name="$1" text="$2"
  espeak-ng -v "$VOICE" -s "$WORDS_PER_MIN" -p "$PITCH" -w "$WORK/$name.raw.wav" "$text"
  "${SOX[@]}" "$WORK/$name.raw.wav" -r "$RATE_HZ" -c 1 -b 16 "$WORK/$name.trim.wav" \
    silence 1 0.02 -45d reverse silence 1 0.02 -45d reverse
  local samples pad
  samples="$(soxi -s "$WORK/$name.trim.wav")"
  pad=$(((SAMPLES_PER_MS - samples % SAMPLES_PER_MS) % SAMPLES_PER_MS))
  "${SOX[@]}" "$WORK/$name.trim.wav" "$WORK/$name.wav" pad 0 "${pad}s"
}

# silence NAME MS
silence() {
  "${SOX[@]}" -r "$RATE_HZ" -c 1 -b 16 -n "$WORK/$1.wav" trim 0 "$(($2 * SAMPLES_PER_MS))s"
}

duration_ms() {
  echo $(($(soxi -s "$WORK/$1.wav") / SAMPLES_PER_MS))
}

# --- the mic track, piece by piece; every piece's start and length is tracked in ms ---------------
PIECES=()
SEGMENTS=()   # "id|startMs|endMs|what"
CURSOR_MS=0

add_silence() {
  local ms="$1"
  silence "sil$CURSOR_MS" "$ms"
  PIECES+=("$WORK/sil$CURSOR_MS.wav")
  CURSOR_MS=$((CURSOR_MS + ms))
}

add_speech() {
  local id="$1" text="$2" what="$3"
  speak "$id" "$text"
  local ms
  ms="$(duration_ms "$id")"
  PIECES+=("$WORK/$id.wav")
  SEGMENTS+=("$id|$CURSOR_MS|$((CURSOR_MS + ms))|$text|$what")
  CURSOR_MS=$((CURSOR_MS + ms))
  LAST_SPEECH_END_MS=$CURSOR_MS
}

add_silence 300
add_speech A1 "What will the weather be like in," "question, first half; stops after the preposition 'in'"
add_silence 500
add_speech A2 "Paris tomorrow afternoon?" "question, second half; the turn ends here"
A2_END_MS=$LAST_SPEECH_END_MS
add_silence 4000
B_START_MS=$CURSOR_MS
add_speech B1 "So yesterday I went to the market," "story, phrase 1"
add_silence 300
add_speech B2 "and I bought some apples and bread," "story, phrase 2"
add_silence 300
add_speech B3 "and then I ran into an old friend," "story, phrase 3"
add_silence 300
add_speech B4 "who told me all about his trip." "story, phrase 4; the turn ends here"
B_END_MS=$CURSOR_MS
add_silence 900
C1_START_MS=$((CURSOR_MS))
add_speech C1 "Wait, one more thing." "cuts in while the assistant would be answering the story"
C1_END_MS=$LAST_SPEECH_END_MS
TEXT_AT_MS=$((CURSOR_MS + 500))
TEXT="what time is it?"
# At least 3 s of silence to the end, rounded up so the file is a whole number of micro-turns.
END_MS=$(((CURSOR_MS + 3000 + MICRO_TURN_MS - 1) / MICRO_TURN_MS * MICRO_TURN_MS))
add_silence $((END_MS - CURSOR_MS))
TOTAL_MS=$CURSOR_MS

"${SOX[@]}" "${PIECES[@]}" "$WORK/speech.wav"
# Speech peaks at -3 dBFS over a -60 dBFS white-noise floor, so the silences look like a quiet room
# rather than digital zero (a real microphone never delivers exact zeros).
"${SOX[@]}" "$WORK/speech.wav" "$WORK/speech.norm.wav" gain -n -3
"${SOX[@]}" -r "$RATE_HZ" -c 1 -b 16 -n "$WORK/noise.wav" synth "$((TOTAL_MS * SAMPLES_PER_MS))s" whitenoise vol 0.001
"${SOX[@]}" -m -v 1 "$WORK/speech.norm.wav" -v 1 "$WORK/noise.wav" -r "$RATE_HZ" -c 1 -b 16 -e signed-integer "$OUT_DIR/user.wav"

if [[ "$(soxi -s "$OUT_DIR/user.wav")" -ne $((TOTAL_MS * SAMPLES_PER_MS)) ]]; then
  echo "make-demo-scenario: user.wav has $(soxi -s "$OUT_DIR/user.wav") samples, expected $((TOTAL_MS * SAMPLES_PER_MS))" >&2
  exit 1
fi

# --- the camera: a dark room with an orange box that moves left to right while the user tells the story
FRAMES=$((TOTAL_MS * CAMERA_FPS / 1000))
B_START_S="$(printf '%d.%03d' $((B_START_MS / 1000)) $((B_START_MS % 1000)))"
B_LEN_S="$(printf '%d.%03d' $(((B_END_MS - B_START_MS) / 1000)) $(((B_END_MS - B_START_MS) % 1000)))"
FRAME_MS=$((1000 / CAMERA_FPS))
# The first frame after the story starts moves; the first frame at or after its end reaches x = 110.
FIRST_MOVING_FRAME=$((B_START_MS / FRAME_MS + 1))
LAST_MOVING_FRAME=$(((B_END_MS + FRAME_MS - 1) / FRAME_MS))
ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "color=c=0x303840:s=160x120:r=$CAMERA_FPS" \
  -f lavfi -i "color=c=0xE08020:s=40x40:r=$CAMERA_FPS" \
  -filter_complex "[0][1]overlay=x='10+100*clip((t-$B_START_S)/$B_LEN_S\,0\,1)':y=40:eval=frame:shortest=1,format=yuv420p" \
  -frames:v "$FRAMES" -f yuv4mpegpipe "$OUT_DIR/camera.y4m"

# --- the scenario and its README ---------------------------------------------------------------------
cat >"$OUT_DIR/demo.scenario.json" <<EOF
{
  "version": 1,
  "name": "demo",
  "description": "A question with a mid-sentence pause, a long story that invites a backchannel, a cut-in while the assistant would answer, and a typed question. Made by scripts/make-demo-scenario.sh; segment times in README.md.",
  "mic": [{ "file": "user.wav", "atMs": 0 }],
  "camera": { "file": "camera.y4m", "atMs": 0 },
  "text": [{ "atMs": $TEXT_AT_MS, "text": "$TEXT" }],
  "expect": {
    "actions": [
      { "action": "speak", "fromMs": $A2_END_MS, "toMs": $((A2_END_MS + 1500)) },
      { "action": "yield", "fromMs": $C1_START_MS, "toMs": $C1_END_MS }
    ]
  }
}
EOF

{
  echo "# Demo scenario"
  echo
  echo "Made by \`scripts/make-demo-scenario.sh\` ($(espeak-ng --version | sed -E 's/ +Data at.*//'), $(sox --version | sed 's/^sox: *//'), $(ffmpeg -version | head -1 | cut -d' ' -f1-3))."
  echo "The files are committed so the demo works without these tools; rerunning the script reproduces them byte for byte."
  echo
  echo "- \`user.wav\`: ${TOTAL_MS} ms ($((TOTAL_MS / MICRO_TURN_MS)) micro-turns), 16 kHz mono 16-bit PCM, voice espeak-ng \`$VOICE\` at $WORDS_PER_MIN words/min;"
  echo "  speech peaks at -3 dBFS over a -60 dBFS white-noise floor."
  echo "- \`camera.y4m\`: 160×120, ${CAMERA_FPS} fps, ${FRAMES} frames (${TOTAL_MS} ms), yuv420p. An orange 40×40 box on a dark background;"
  echo "  it stands still at x = 10 except from ${B_START_MS} ms to ${B_END_MS} ms (the story, B1–B4), when it moves steadily to x = 110."
  echo "  Frame k shows media time k × $((1000 / CAMERA_FPS)) ms; frames ${FIRST_MOVING_FRAME}–${LAST_MOVING_FRAME} ($((FIRST_MOVING_FRAME * 1000 / CAMERA_FPS))–$((LAST_MOVING_FRAME * 1000 / CAMERA_FPS)) ms) each differ from the frame before; every other frame is identical to its predecessor."
  echo "- \`demo.scenario.json\`: the scenario; the typed text \"$TEXT\" arrives at ${TEXT_AT_MS} ms. Its expectations: the assistant"
  echo "  starts answering within 1.5 s of the end of A2, and yields while C1 talks over it."
  echo
  echo "## User speech segments (ms from the start of user.wav)"
  echo
  echo "Times are exact to the millisecond: each synthesized phrase was trimmed where it rises above and falls below -45 dB (before normalization) and placed at a whole millisecond."
  echo
  echo "Inside a segment the gaps between words stay under 200 ms (the longest, about 160 ms, follows \"Wait,\" in C1),"
  echo "so a segment is one stretch of speech at micro-turn resolution. A1's trailing comma is not spoken: it makes"
  echo "espeak-ng end the phrase with non-final intonation, as a speaker does who has not finished."
  echo
  echo "| id | startMs | endMs | text | what it tests |"
  echo "| --- | ---: | ---: | --- | --- |"
  for segment in "${SEGMENTS[@]}"; do
    IFS='|' read -r id start end text what <<<"$segment"
    echo "| $id | $start | $end | $text | $what |"
  done
  echo
  echo "## Gaps"
  echo
  echo "| between | durationMs | meaning |"
  echo "| --- | ---: | --- |"
  echo "| A1 → A2 | 500 | mid-sentence pause after a function word: the user keeps the floor |"
  echo "| A2 → B1 | 4000 | the assistant's turn to answer the question |"
  echo "| B1 → B2, B2 → B3, B3 → B4 | 300 each | short pauses inside the story: a moment for a backchannel, not a turn |"
  echo "| B4 → C1 | 900 | the assistant starts answering the story; C1 talks over it |"
  echo "| C1 → end | $((TOTAL_MS - LAST_SPEECH_END_MS)) | closing silence (the typed text arrives 500 ms into it) |"
} >"$OUT_DIR/README.md"

echo "make-demo-scenario: wrote $OUT_DIR (${TOTAL_MS} ms)"
for segment in "${SEGMENTS[@]}"; do
  IFS='|' read -r id start end _ <<<"$segment"
  echo "  $id $start–$end ms"
done
