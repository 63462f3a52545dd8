# Shared by the scripts: where builds go and where the tools live.
# Source it; it only exports variables.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gridlink-target}"
export GRIDLINK_TOOLS_DIR="${GRIDLINK_TOOLS_DIR:-$HOME/.cache/gridlink-tools}"
export PATH="$HOME/.cargo/bin:$GRIDLINK_TOOLS_DIR/node_modules/.bin:$PATH"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export LEPTOS_OUTPUT_NAME=gridlink  # what cargo-leptos sets; keeps leptos crates from rebuilding between cargo test and cargo leptos
