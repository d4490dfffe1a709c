/*
 * cowrap's stand-in QEMU runtime: every call the generated code makes is checked against the
 * simulated state (in or out of a coroutine, locks held) and appended to a log, and
 * coroutines and bottom halves run synchronously.
 */
#include <stdarg.h>

#include "rt.h"

AioContext rt_main_ctx = {"main"};
AioContext rt_current_ctx = {"current"};

struct Coroutine {
    CoroutineEntry *entry;
    void *opaque;
};

static char log_text[8192];
static int failures;

static bool in_co;
static Coroutine *current;
static Coroutine test_co;          /* the coroutine rt_in_coroutine pretends to run in */
static Coroutine pool[64];
static int pool_used;

static QEMUBHFunc *bh_cb;          /* the scheduled bottom half, at most one */
static void *bh_opaque;
static Coroutine *woken;

static int rdlock;                 /* graph read locks held (coroutine or main loop) */
static int wrlock;
static AioContext *acquired[8];
static int n_acquired;

void rt_log(const char *fmt, ...)
{
    size_t len = strlen(log_text);
    va_list ap;

    if (len > 0 && len + 2 < sizeof(log_text)) {
        strcat(log_text, "; ");
        len += 2;
    }
    va_start(ap, fmt);
    vsnprintf(log_text + len, sizeof(log_text) - len, fmt, ap);
    va_end(ap);
}

void rt_log_reset(void)
{
    log_text[0] = '\0';
    pool_used = 0;
}

const char *rt_log_text(void)
{
    return log_text;
}

const char *rt_state(void)
{
    static char buf[128];
    snprintf(buf, sizeof(buf), "co=%d rd=%d wr=%d ctx=%s", in_co, rdlock, wrlock,
             n_acquired ? acquired[n_acquired - 1]->name : "-");
    return buf;
}

void rt_in_coroutine(void (*fn)(void *arg), void *arg)
{
    in_co = true;
    current = &test_co;
    fn(arg);
    in_co = false;
    current = NULL;
}

void rt_expect_log(const char *what, const char *expected)
{
    if (strcmp(log_text, expected) != 0) {
        fprintf(stderr, "FAIL %s\n  expected: %s\n  actual:   %s\n", what, expected, log_text);
        failures++;
    }
}

void rt_expect_int(const char *what, long long actual, long long expected)
{
    if (actual != expected) {
        fprintf(stderr, "FAIL %s: got %lld, expected %lld\n", what, actual, expected);
        failures++;
    }
}

void rt_expect_ptr(const char *what, const void *actual, const void *expected)
{
    if (actual != expected) {
        fprintf(stderr, "FAIL %s: got %p, expected %p\n", what, actual, expected);
        failures++;
    }
}

int rt_finish(void)
{
    if (failures) {
        fprintf(stderr, "%d expectation(s) failed\n", failures);
        return 1;
    }
    return 0;
}

Coroutine *qemu_coroutine_create(CoroutineEntry *entry, void *opaque)
{
    Coroutine *co;

    if (pool_used == (int)(sizeof(pool) / sizeof(pool[0]))) {
        rt_log("ERROR out of coroutines");
        return &pool[0];
    }
    co = &pool[pool_used++];
    co->entry = entry;
    co->opaque = opaque;
    rt_log("create%s", in_co ? " ERROR in coroutine" : "");
    return co;
}

Coroutine *qemu_coroutine_self(void)
{
    if (!in_co) {
        rt_log("ERROR qemu_coroutine_self outside a coroutine");
    }
    return current;
}

bool qemu_in_coroutine(void)
{
    return in_co;
}

/* Leaves the coroutine, runs the main loop (the scheduled bottom half), comes back. */
void qemu_coroutine_yield(void)
{
    Coroutine *self = current;
    QEMUBHFunc *cb = bh_cb;

    rt_log("yield%s", in_co ? "" : " ERROR outside a coroutine");
    in_co = false;
    current = NULL;
    woken = NULL;
    if (cb) {
        bh_cb = NULL;
        cb(bh_opaque);
    } else {
        rt_log("ERROR yield with nothing scheduled");
    }
    if (woken != self) {
        rt_log("ERROR yielded coroutine not woken");
    }
    in_co = true;
    current = self;
    rt_log("resume");
}

/*
 * The poll state of the co entry running now: the entry's opaque is the wrapper's struct,
 * whose first field is its BdrvPollCo. QEMU's entries may finish on another thread, so the
 * poller can return the moment in_progress is false: the lock must be released before.
 */
static BdrvPollCo *running_poll_state(void)
{
    return current ? (BdrvPollCo *)current->opaque : NULL;
}

void aio_wait_kick(void)
{
    BdrvPollCo *ps = running_poll_state();
    rt_log("kick%s", ps && ps->in_progress ? " ERROR kicked while in progress" : "");
}

BlockDriverState *blk_bs(BlockBackend *blk)
{
    return blk->root;
}

#if COWRAP_QEMU_VERSION < 800
int bdrv_poll_co(BdrvPollCo *s)
{
    rt_log("poll bs=%s%s", s->bs ? s->bs->name : "NULL", s->in_progress ? "" : " ERROR not started");
#else
void bdrv_poll_co(BdrvPollCo *s)
{
    rt_log("poll ctx=%s%s", s->ctx ? s->ctx->name : "NULL",
           s->in_progress ? "" : " ERROR not started");
#endif
    if (in_co) {
        rt_log("ERROR poll in coroutine");
    }
    in_co = true;
    current = s->co;
    s->co->entry(s->co->opaque);
    in_co = false;
    current = NULL;
    if (s->in_progress) {
        rt_log("ERROR still in progress");
    }
#if COWRAP_QEMU_VERSION < 800
    return s->ret;
#endif
}

#if COWRAP_QEMU_VERSION >= 800
AioContext *qemu_get_aio_context(void)
{
    return &rt_main_ctx;
}

AioContext *bdrv_get_aio_context(BlockDriverState *bs)
{
    return bs->ctx;
}

AioContext *blk_get_aio_context(BlockBackend *blk)
{
    return blk->ctx;
}

void aio_co_wake(Coroutine *co)
{
    rt_log("wake%s%s", co == &test_co ? "" : " ERROR wrong coroutine",
           in_co ? " ERROR in coroutine" : "");
    woken = co;
}

void aio_bh_schedule_oneshot(AioContext *ctx, QEMUBHFunc *cb, void *opaque)
{
    rt_log("schedule ctx=%s%s", ctx->name, bh_cb ? " ERROR already scheduled" : "");
    bh_cb = cb;
    bh_opaque = opaque;
}

void bdrv_graph_co_rdlock(void)
{
    rt_log("co_rdlock%s", in_co ? "" : " ERROR outside a coroutine");
    rdlock++;
}

void bdrv_graph_co_rdunlock(void)
{
    BdrvPollCo *ps = running_poll_state();
    rt_log("co_rdunlock%s%s", rdlock > 0 ? "" : " ERROR not locked",
           ps && !ps->in_progress ? " ERROR unlocked after the poller was released" : "");
    rdlock--;
}

void assume_graph_lock(void)
{
    rt_log("assume_graph_lock");
}
#endif

#if COWRAP_QEMU_VERSION >= 801 && COWRAP_QEMU_VERSION < 900
void aio_context_acquire(AioContext *ctx)
{
    rt_log("acquire %s", ctx->name);
    acquired[n_acquired++] = ctx;
}

void aio_context_release(AioContext *ctx)
{
    bool top = n_acquired > 0 && acquired[n_acquired - 1] == ctx;
    rt_log("release %s%s", ctx->name, top ? "" : " ERROR not the last acquired");
    n_acquired -= top;
}
#endif

#if COWRAP_QEMU_VERSION >= 802
void bdrv_graph_rdlock_main_loop(void)
{
    rt_log("rdlock_main_loop%s", in_co ? " ERROR in coroutine" : "");
    rdlock++;
}

void bdrv_graph_rdunlock_main_loop(void)
{
    rt_log("rdunlock_main_loop%s", rdlock > 0 ? "" : " ERROR not locked");
    rdlock--;
}
#endif

#if COWRAP_QEMU_VERSION == 802
void bdrv_graph_wrlock(BlockDriverState *bs)
{
    rt_log("wrlock(%s)%s", bs ? bs->name : "NULL", in_co ? " ERROR in coroutine" : "");
    wrlock++;
}

void bdrv_graph_wrunlock(BlockDriverState *bs)
{
    rt_log("wrunlock(%s)%s", bs ? bs->name : "NULL", wrlock > 0 ? "" : " ERROR not locked");
    wrlock--;
}
#elif COWRAP_QEMU_VERSION >= 900
void bdrv_graph_wrlock(void)
{
    rt_log("wrlock()%s", in_co ? " ERROR in coroutine" : "");
    wrlock++;
}

void bdrv_graph_wrunlock(void)
{
    rt_log("wrunlock()%s", wrlock > 0 ? "" : " ERROR not locked");
    wrlock--;
}
#endif

#if COWRAP_QEMU_VERSION >= 900
AioContext *qemu_get_current_aio_context(void)
{
    return &rt_current_ctx;
}
#endif
