/* Runtime test for qemu-5.2 .. 6.2: calls each wrapper in and out of a coroutine. */
#include "rt.h"

static AioContext ctx1 = {"ctx1"};
static BlockDriverState bs1 = {"bs1", &ctx1};
static BdrvChild child1 = {"child1", &bs1};

int coroutine_fn bdrv_co_pwritev(BdrvChild *child, int64_t offset, unsigned int bytes,
                                 const char *data, BdrvRequestFlags flags)
{
    rt_log("bdrv_co_pwritev(%s, %lld, %u, %s, %d) %s", child->name, (long long)offset, bytes,
           data, (int)flags, rt_state());
    return (int)offset + 1;
}

int coroutine_fn bdrv_co_check(BlockDriverState *top, int *errors, int fix)
{
    rt_log("bdrv_co_check(%s, %d) %s", top->name, fix, rt_state());
    *errors = 3;
    return -fix;
}

static void pwritev_in_coroutine(void *arg)
{
    rt_expect_int("bdrv_pwritev in coroutine: result",
                  bdrv_pwritev(&child1, 9, 2, "in", BDRV_REQ_NONE), 10);
    (void)arg;
}

#if COWRAP_QEMU_VERSION >= 602
static AioContext ctx2 = {"ctx2"};
static BlockDriverState bs2 = {"bs2", &ctx2};
static BlockBackend blk1 = {"blk1", &bs2, &ctx2};

int coroutine_fn blk_co_pwrite(BlockBackend *blk, int64_t offset, int bytes, const void *buf,
                               BdrvRequestFlags flags)
{
    rt_log("blk_co_pwrite(%s, %lld, %d, %s, %d) %s", blk->name, (long long)offset, bytes,
           (const char *)buf, (int)flags, rt_state());
    return bytes * 2;
}
#endif

int main(void)
{
    int errors = 0;

    rt_log_reset();
    rt_expect_int("bdrv_pwritev: result", bdrv_pwritev(&child1, 41, 7, "data", BDRV_REQ_FUA),
                  42);
    rt_expect_log("bdrv_pwritev",
                  "create; poll bs=bs1; bdrv_co_pwritev(child1, 41, 7, data, 16) co=1 rd=0 wr=0 "
                  "ctx=-; kick");

    rt_log_reset();
    rt_in_coroutine(pwritev_in_coroutine, NULL);
    rt_expect_log("bdrv_pwritev in coroutine",
                  "bdrv_co_pwritev(child1, 9, 2, in, 0) co=1 rd=0 wr=0 ctx=-");

    rt_log_reset();
    rt_expect_int("bdrv_check: result", bdrv_check(&bs1, &errors, 5), -5);
    rt_expect_int("bdrv_check: out parameter", errors, 3);
    rt_expect_log("bdrv_check", "create; poll bs=bs1; bdrv_co_check(bs1, 5) co=1 rd=0 wr=0 ctx=-; kick");

#if COWRAP_QEMU_VERSION >= 602
    rt_log_reset();
    rt_expect_int("blk_pwrite: result", blk_pwrite(&blk1, 3, 21, "buf", BDRV_REQ_NONE), 42);
    rt_expect_log("blk_pwrite",
                  "create; poll bs=bs2; blk_co_pwrite(blk1, 3, 21, buf, 0) co=1 rd=0 wr=0 ctx=-; "
                  "kick");
#endif
    return rt_finish();
}
