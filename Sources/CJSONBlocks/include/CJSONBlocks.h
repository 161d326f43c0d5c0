#ifndef CJSONBLOCKS_H
#define CJSONBLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Where the bytes JSON's structure depends on lie in a 64-byte block: bit k of each mask is
/// byte k. Made with 16-byte vector compares (SSE2 on x86-64, NEON on arm64), which Swift cannot
/// express: its SIMD masks have no cheap conversion to an integer bit mask.
typedef struct {
    uint64_t quote;      // "
    uint64_t backslash;  // \ (backslash)
    uint64_t open;       // { or [
    uint64_t close;      // } or ]
    uint64_t control;    // below 0x20: not allowed unescaped inside a string
} gachabot_json_block;

/// Classifies the 64 bytes at `bytes` (which need no alignment).
gachabot_json_block gachabot_json_classify64(const uint8_t *bytes);

/// Skips the 64-byte blocks of a JSON container's inside that are plain going: no backslash,
/// no control byte inside a string, and too few closing brackets to end the container. Starts at
/// `index` with the container's `depth` (at least 1) and whether `index` is inside a string;
/// returns the index of the first block that is not plain going (the caller walks it precisely)
/// or of the last, shorter-than-64-byte part, with `depth` and `in_string` updated to that index.
/// On x86-64 a copy built for x86-64-v3 (AVX2, POPCNT) is chosen at load time when the CPU has it.
size_t gachabot_json_skip_plain_blocks(const uint8_t *base, size_t count, size_t index, int64_t *depth, bool *in_string);

#endif
