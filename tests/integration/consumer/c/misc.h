/* No include guard here. Like the other marked headers, no C file includes this one. */
#include "qemu/osdep.h"

int64_t co_wrapper_mixed_bdrv_rdlock bdrv_misc_size(BlockDriverState *bs);
