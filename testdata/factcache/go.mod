module example.com/factcache

go 1.26
