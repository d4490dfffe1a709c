#ifndef FOO_H
#define FOO_H
#ifdef CONFIG_X
int co_wrapper bdrv_foo(BlockDriverState *bs);
#endif
#endif
