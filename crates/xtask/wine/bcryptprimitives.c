/*
 * ProcessPrng for Wine releases that predate it (Debian 12 ships Wine 8.0).
 *
 * Rust's standard library on Windows takes its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which every supported Windows (10 and later) has. Wine 8.0 has no such
 * DLL, so no Rust program starts under it. `cargo xtask test` builds this stand-in with MinGW
 * into the test Wine prefix only; nothing shipped contains it.
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
