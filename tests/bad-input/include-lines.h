#include "block/block.h"
#include <stdint.h>
int co_wrapper bdrv_foo(BlockDriverState *bs);
