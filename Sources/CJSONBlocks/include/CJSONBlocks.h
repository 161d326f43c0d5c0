#ifndef CJSONBLOCKS_H
#define CJSONBLOCKS_H

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

#endif
