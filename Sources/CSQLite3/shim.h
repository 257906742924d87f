#ifndef FERRY_CSQLITE3_SHIM_H
#define FERRY_CSQLITE3_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a destructor pointer, which Swift cannot import.
static inline sqlite3_destructor_type ferry_sqlite_transient(void) { return SQLITE_TRANSIENT; }
/// SQLITE_STATIC is a macro casting 0 to a destructor pointer, which Swift cannot import.
static inline sqlite3_destructor_type ferry_sqlite_static(void) { return SQLITE_STATIC; }
#if defined(__linux__)
#include <unistd.h>
#include <sys/syscall.h>
#endif

/// Starts writing the file's dirty pages to disk without waiting for them
/// (`sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE)`; glibc declares it only under
/// _GNU_SOURCE, hence the raw system call). Returns 0, or -1 with errno; 0 and nothing done where
/// the call does not exist.
static inline int ferry_start_writeback(int fd) {
#if defined(__linux__) && defined(__LP64__) && defined(SYS_sync_file_range)
    return (int)syscall(SYS_sync_file_range, fd, (long long)0, (long long)0, 2u /* SYNC_FILE_RANGE_WRITE */);
#else
    (void)fd;
    return 0;
#endif
}
#endif
