/* A measuring stand-in for sqlite3_busy_timeout, preloaded into cowrap by the reliability
 * tests (LD_PRELOAD). It installs a busy handler that waits like a timeout of the same length
 * (short sleeps growing to 50 ms, until the timeout is used up) and adds up the time actually
 * slept. It also watches sqlite3_exec for BEGIN IMMEDIATE/EXCLUSIVE ... COMMIT/ROLLBACK to time
 * how long the process held the write lock. At exit it appends
 * "PID WAITED_US LONGEST_WAIT_US WAITS HELD_US" to $COWRAP_TEST_WAIT_LOG.
 * So the tests see how long each process waited for the cache's locks, and why, without any
 * help from cowrap itself. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct sqlite3 sqlite3;
int sqlite3_busy_handler(sqlite3 *, int (*)(void *, int), void *);

static int64_t waited_us;   /* every wait of this process */
static int64_t longest_us;  /* the longest single lock event */
static int64_t current_us;  /* the lock event in progress */
static int64_t calls;
static int64_t held_us;     /* the longest write transaction (lock held) */
static int64_t held_since;  /* start of the write transaction in progress, or 0 */

static int64_t now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static int measured_wait(void *arg, int count) {
    int64_t limit_us = (int64_t)(intptr_t)arg * 1000;
    if (count == 0) {
        current_us = 0;
    }
    if (current_us >= limit_us) {
        return 0; /* give up: SQLITE_BUSY goes back to the caller */
    }
    int64_t step_us = count < 4 ? 1000 << count : 50000; /* 1, 2, 4, 8, then 50 ms */
    if (step_us > limit_us - current_us) {
        step_us = limit_us - current_us;
    }
    int64_t start = now_us();
    struct timespec d = {(time_t)(step_us / 1000000), (long)(step_us % 1000000) * 1000};
    nanosleep(&d, NULL);
    int64_t slept = now_us() - start;
    current_us += slept;
    waited_us += slept;
    if (current_us > longest_us) {
        longest_us = current_us;
    }
    ++calls;
    return 1;
}

typedef int (*exec_fn)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *,
                       char **);

static int starts_with_word(const char *sql, const char *word) {
    while (*sql == ' ' || *sql == '\n' || *sql == '\t') {
        ++sql;
    }
    return strncasecmp(sql, word, strlen(word)) == 0;
}

int sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg,
                 char **err) {
    static exec_fn real;
    if (real == NULL) {
        real = (exec_fn)dlsym(RTLD_NEXT, "sqlite3_exec");
    }
    int begin = sql && (starts_with_word(sql, "BEGIN IMMEDIATE") ||
                        starts_with_word(sql, "BEGIN EXCLUSIVE"));
    int end = sql && (starts_with_word(sql, "COMMIT") || starts_with_word(sql, "END") ||
                      starts_with_word(sql, "ROLLBACK"));
    int rc = real(db, sql, cb, arg, err);
    if (begin && rc == 0) {
        held_since = now_us();
    } else if (end && held_since != 0) {
        int64_t held = now_us() - held_since;
        if (held > held_us) {
            held_us = held;
        }
        held_since = 0;
    }
    return rc;
}

int sqlite3_busy_timeout(sqlite3 *db, int ms) {
    if (ms <= 0) {
        return sqlite3_busy_handler(db, NULL, NULL);
    }
    return sqlite3_busy_handler(db, measured_wait, (void *)(intptr_t)ms);
}

__attribute__((destructor)) static void report(void) {
    const char *log = getenv("COWRAP_TEST_WAIT_LOG");
    if (log == NULL || *log == '\0') {
        return;
    }
    char line[128];
    int n = snprintf(line, sizeof line, "%ld %lld %lld %lld %lld\n", (long)getpid(),
                     (long long)waited_us, (long long)longest_us, (long long)calls,
                     (long long)held_us);
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        if (write(fd, line, (size_t)n) != n) {
            /* nothing to do: the test then lacks this process's figure and says so */
        }
        close(fd);
    }
}
