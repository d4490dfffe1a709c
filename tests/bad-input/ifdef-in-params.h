int co_wrapper bdrv_foo(BlockDriverState *bs,
#ifdef CONFIG_X
                        int a
#else
                        long a
#endif
                        );
