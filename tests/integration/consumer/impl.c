/* The functions the wrappers call: each logs its arguments and the runtime's state (in a
 * coroutine or not, locks held) for main.c to check. */
#include "rt.h"

int coroutine_fn bdrv_co_a_read(BlockDriverState *bs, int n)
{
    rt_log("bdrv_co_a_read(%s, %d) %s", bs->name, n, rt_state());
    return n + 1;
}

int coroutine_fn bdrv_co_a_write(BlockDriverState *bs, int n)
{
    rt_log("bdrv_co_a_write(%s, %d) %s", bs->name, n, rt_state());
    return n + 2;
}

void coroutine_fn bdrv_co_a_flush(BlockDriverState *bs)
{
    rt_log("bdrv_co_a_flush(%s) %s", bs->name, rt_state());
}

int coroutine_fn bdrv_co_a_spare(BlockDriverState *bs)
{
    rt_log("bdrv_co_a_spare(%s) %s", bs->name, rt_state());
    return 0;
}

int coroutine_fn bdrv_co_d_new(BlockDriverState *bs)
{
    rt_log("bdrv_co_d_new(%s) %s", bs->name, rt_state());
    return 0;
}

int coroutine_fn bdrv_co_b_read(BlockDriverState *bs, int n)
{
    rt_log("bdrv_co_b_read(%s, %d) %s", bs->name, n, rt_state());
    return n + 3;
}

int bdrv_b_sync(BlockDriverState *bs, int n)
{
    rt_log("bdrv_b_sync(%s, %d) %s", bs->name, n, rt_state());
    return n + 4;
}

int64_t coroutine_fn bdrv_co_misc_size(BlockDriverState *bs)
{
    rt_log("bdrv_co_misc_size(%s) %s", bs->name, rt_state());
    return INT64_C(1) << 40;
}
