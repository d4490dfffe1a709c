/*
 * Runtime test for qemu-8.0 and later: calls each wrapper in and out of a coroutine and
 * compares the log of runtime calls with what the dialect must do.
 */
#include "rt.h"

static AioContext ctx1 = {"ctx1"};
static AioContext ctx2 = {"ctx2"};
static BlockDriverState bs1 = {"bs1", &ctx1};
static BlockDriverState bs2 = {"bs2", &ctx2};
static BdrvChild child1 = {"child1", &bs1};
static BlockBackend blk1 = {"blk1", &bs2, &ctx2};
static QDict opts = {"opts"};

/* The context a co wrapper polls in: from P1 in qemu-8.x, the current one from 9.0 on. */
#if COWRAP_QEMU_VERSION >= 900
#define POLL(p1_ctx) "poll ctx=current"
#else
#define POLL(p1_ctx) "poll ctx=" p1_ctx
#endif

/* What a no_co bottom half does around the call: acquire/release in qemu-8.1 and 8.2. */
#if COWRAP_QEMU_VERSION >= 801 && COWRAP_QEMU_VERSION < 900
#define ACQUIRE(c) "acquire " c "; "
#define RELEASE(c) "; release " c
#define HELD(c) c
#else
#define ACQUIRE(c) ""
#define RELEASE(c) ""
#define HELD(c) "-"
#endif

int coroutine_fn bdrv_co_pread(BdrvChild *child, int64_t offset, int64_t bytes, void *buf,
                               BdrvRequestFlags flags)
{
    rt_log("bdrv_co_pread(%s, %lld, %lld, %s, %d) %s", child->name, (long long)offset,
           (long long)bytes, (char *)buf, (int)flags, rt_state());
    return (int)(offset + bytes);
}

int64_t coroutine_fn bdrv_co_getlength(BlockDriverState *top)
{
    rt_log("bdrv_co_getlength(%s) %s", top->name, rt_state());
    return INT64_C(1) << 40;
}

void coroutine_fn blk_co_drain_node(BlockBackend *blk, bool flush)
{
    rt_log("blk_co_drain_node(%s, %d) %s", blk->name, flush, rt_state());
}

BlockDriverState *coroutine_fn bdrv_co_find_node(const char *node_name, int *count)
{
    rt_log("bdrv_co_find_node(%s) %s", node_name, rt_state());
    ++*count;
    return &bs2;
}

int coroutine_fn bdrv_co_flush_all(void)
{
    rt_log("bdrv_co_flush_all() %s", rt_state());
    return -5;
}

int coroutine_fn bdrv_co_visit(BlockDriverState *bs, void (*cb)(void *opaque, int n),
                               void *opaque, const uint8_t key[4])
{
    rt_log("bdrv_co_visit(%s, key=%d%d%d%d) %s", bs->name, key[0], key[1], key[2], key[3],
           rt_state());
    cb(opaque, 7);
    return 0;
}

BlockDriverState *bdrv_open(const char *filename, QDict *options, int flags)
{
    rt_log("bdrv_open(%s, %s, %d) %s", filename, options->name, flags, rt_state());
    return &bs1;
}

void bdrv_unref_child(BdrvChild *kid, BlockDriverState *parent)
{
    rt_log("bdrv_unref_child(%s, %s) %s", kid->name, parent->name, rt_state());
}

#if COWRAP_QEMU_VERSION >= 802
int bdrv_refresh_total_sectors(BlockDriverState *bs, int64_t hint)
{
    rt_log("bdrv_refresh_total_sectors(%s, %lld) %s", bs->name, (long long)hint, rt_state());
    return (int)hint / 2;
}

void bdrv_replace_node(BlockBackend *blk, BlockDriverState *to)
{
    rt_log("bdrv_replace_node(%s, %s) %s", blk->name, to->name, rt_state());
}
#endif

static void visit_cb(void *opaque, int n)
{
    *(int *)opaque = n;
}

/* Mixed wrappers called from a coroutine run the target directly. */
static void mixed_in_coroutine(void *arg)
{
    int count = 0;

    rt_log_reset();
    rt_expect_int("bdrv_getlength in coroutine: result", bdrv_getlength(&bs1), INT64_C(1) << 40);
    rt_expect_log("bdrv_getlength in coroutine", "bdrv_co_getlength(bs1) co=1 rd=0 wr=0 ctx=-");

    rt_log_reset();
    rt_expect_ptr("bdrv_find_node in coroutine: result", bdrv_find_node("n2", &count), &bs2);
    rt_expect_int("bdrv_find_node in coroutine: out parameter", count, 1);
    rt_expect_log("bdrv_find_node in coroutine",
                  "assume_graph_lock; bdrv_co_find_node(n2) co=1 rd=0 wr=0 ctx=-");
    (void)arg;
}

/* no_co wrappers are called from a coroutine and run the target in the main loop. */
static void no_co_in_coroutine(void *arg)
{
    rt_log_reset();
    rt_expect_ptr("bdrv_co_open: result", bdrv_co_open("disk.img", &opts, 3), &bs1);
    rt_expect_log("bdrv_co_open",
                  "schedule ctx=main; yield; " ACQUIRE("main") "bdrv_open(disk.img, opts, 3) "
                  "co=0 rd=0 wr=0 ctx=" HELD("main") RELEASE("main") "; wake; resume");

    rt_log_reset();
    bdrv_co_unref_child(&child1, &bs2);
    rt_expect_log("bdrv_co_unref_child",
                  "schedule ctx=main; yield; " ACQUIRE("ctx1") "bdrv_unref_child(child1, bs2) "
                  "co=0 rd=0 wr=0 ctx=" HELD("ctx1") RELEASE("ctx1") "; wake; resume");

#if COWRAP_QEMU_VERSION >= 802
    rt_log_reset();
    rt_expect_int("bdrv_co_refresh_total_sectors: result",
                  bdrv_co_refresh_total_sectors(&bs2, 84), 42);
    rt_expect_log("bdrv_co_refresh_total_sectors",
                  "schedule ctx=main; yield; rdlock_main_loop; " ACQUIRE("ctx2")
                  "bdrv_refresh_total_sectors(bs2, 84) co=0 rd=1 wr=0 ctx=" HELD("ctx2")
                  RELEASE("ctx2") "; rdunlock_main_loop; wake; resume");

#if COWRAP_QEMU_VERSION == 802
#define WRLOCK "wrlock(NULL)"
#define WRUNLOCK "wrunlock(NULL)"
#else
#define WRLOCK "wrlock()"
#define WRUNLOCK "wrunlock()"
#endif
    rt_log_reset();
    bdrv_co_replace_node(&blk1, &bs1);
    rt_expect_log("bdrv_co_replace_node",
                  "schedule ctx=main; yield; " WRLOCK "; " ACQUIRE("ctx2")
                  "bdrv_replace_node(blk1, bs1) co=0 rd=0 wr=1 ctx=" HELD("ctx2") RELEASE("ctx2")
                  "; " WRUNLOCK "; wake; resume");
#endif
    (void)arg;
}

int main(void)
{
    char buf[] = "buf";
    int count = 0;
    int seen = 0;
    const uint8_t key[4] = {1, 2, 3, 4};

    rt_log_reset();
    rt_expect_int("bdrv_pread: result", bdrv_pread(&child1, 40, 2, buf, BDRV_REQ_FUA), 42);
    rt_expect_log("bdrv_pread", "create; " POLL("ctx1")
                  "; bdrv_co_pread(child1, 40, 2, buf, 16) co=1 rd=0 wr=0 ctx=-; kick");

    rt_log_reset();
    rt_expect_int("bdrv_getlength: result", bdrv_getlength(&bs2), INT64_C(1) << 40);
    rt_expect_log("bdrv_getlength",
                  "create; " POLL("ctx2") "; bdrv_co_getlength(bs2) co=1 rd=0 wr=0 ctx=-; kick");

    rt_log_reset();
    blk_drain_node(&blk1, true);
    rt_expect_log("blk_drain_node", "create; " POLL("ctx2")
                  "; co_rdlock; blk_co_drain_node(blk1, 1) co=1 rd=1 wr=0 ctx=-; co_rdunlock; "
                  "kick");

    rt_log_reset();
    rt_expect_ptr("bdrv_find_node: result", bdrv_find_node("n1", &count), &bs2);
    rt_expect_int("bdrv_find_node: out parameter", count, 1);
    rt_expect_log("bdrv_find_node", "create; " POLL("main")
                  "; co_rdlock; bdrv_co_find_node(n1) co=1 rd=1 wr=0 ctx=-; co_rdunlock; kick");

    rt_log_reset();
    rt_expect_int("bdrv_flush_all: result", bdrv_flush_all(), -5);
    rt_expect_log("bdrv_flush_all",
                  "create; " POLL("main") "; bdrv_co_flush_all() co=1 rd=0 wr=0 ctx=-; kick");

    rt_log_reset();
    rt_expect_int("bdrv_visit: result", bdrv_visit(&bs1, visit_cb, &seen, key), 0);
    rt_expect_int("bdrv_visit: callback", seen, 7);
    rt_expect_log("bdrv_visit", "create; " POLL("ctx1")
                  "; bdrv_co_visit(bs1, key=1234) co=1 rd=0 wr=0 ctx=-; kick");

    rt_in_coroutine(mixed_in_coroutine, NULL);
    rt_in_coroutine(no_co_in_coroutine, NULL);
    return rt_finish();
}
