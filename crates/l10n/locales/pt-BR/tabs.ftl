# tabs
