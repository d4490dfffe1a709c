int co_wrapper bdrv_a(void);
void co_wrapper bdrv_b();
