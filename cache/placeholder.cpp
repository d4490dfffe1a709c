// Replaced by the cache module.
