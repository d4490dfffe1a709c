static int co_wrapperx = 3;
