int co_wrapper bdrv_foo(void v);
