// CRC-32C with the processor's own instruction (SSE 4.2 on x86-64), for OKREvents' CRC32C.
#ifndef OKR_CRC32C_HARDWARE_H
#define OKR_CRC32C_HARDWARE_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor has a CRC-32C instruction that okr_crc32c_hardware_update uses, else 0.
int okr_crc32c_hardware_available(void);

/// Continues the raw (not inverted) CRC-32C register `crc` over `count` bytes at `bytes`.
/// Only call it when okr_crc32c_hardware_available() returned 1.
uint32_t okr_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t count);

#endif
