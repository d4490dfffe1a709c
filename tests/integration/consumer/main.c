/* Calls each wrapper from the context it is made for and checks, through the stand-in
 * runtime's log, that it reached its target the way the qemu-9.0 dialect does. */
#include "calls.h"

static AioContext ctx1 = {"ctx1"};
static BlockDriverState bs1 = {"bs1", &ctx1};

static void in_coroutine(void *arg)
{
    rt_log_reset();
    rt_expect_int("bdrv_co_b_sync: result", bdrv_co_b_sync(&bs1, 20), 24);
    rt_expect_log("bdrv_co_b_sync", "schedule ctx=main; yield; "
                  "bdrv_b_sync(bs1, 20) co=0 rd=0 wr=0 ctx=-; wake; resume");

    rt_log_reset();
    rt_expect_int("bdrv_a_write in a coroutine: result", bdrv_a_write(&bs1, 30), 32);
    rt_expect_log("bdrv_a_write in a coroutine", "bdrv_co_a_write(bs1, 30) co=1 rd=0 wr=0 ctx=-");
    (void)arg;
}

int main(void)
{
    rt_log_reset();
    rt_expect_int("bdrv_a_read: result", bdrv_a_read(&bs1, 1), 2);
    rt_expect_log("bdrv_a_read", "create; poll ctx=current; "
                  "bdrv_co_a_read(bs1, 1) co=1 rd=0 wr=0 ctx=-; kick");

    rt_log_reset();
    rt_expect_int("bdrv_a_write: result", bdrv_a_write(&bs1, 2), 4);
    rt_expect_log("bdrv_a_write", "create; poll ctx=current; "
                  "bdrv_co_a_write(bs1, 2) co=1 rd=0 wr=0 ctx=-; kick");

    rt_log_reset();
    bdrv_a_flush(&bs1);
    rt_expect_log("bdrv_a_flush", "create; poll ctx=current; co_rdlock; "
                  "bdrv_co_a_flush(bs1) co=1 rd=1 wr=0 ctx=-; co_rdunlock; kick");

    rt_log_reset();
    rt_expect_int("bdrv_b_read: result", bdrv_b_read(&bs1, 10), 13);
    rt_expect_log("bdrv_b_read", "create; poll ctx=current; "
                  "bdrv_co_b_read(bs1, 10) co=1 rd=0 wr=0 ctx=-; kick");

    rt_log_reset();
    rt_expect_int("bdrv_misc_size: result", bdrv_misc_size(&bs1), INT64_C(1) << 40);
    rt_expect_log("bdrv_misc_size", "create; poll ctx=current; co_rdlock; "
                  "bdrv_co_misc_size(bs1) co=1 rd=1 wr=0 ctx=-; co_rdunlock; kick");

    rt_in_coroutine(in_coroutine, NULL);

    if (rt_finish() != 0) {
        return 1;
    }
    printf("consumer: all wrappers behave\n");
    return 0;
}
