/* co_wrapper_bogus */
// no_co_wrapper_nope
"generated_co_wrapper_x";
