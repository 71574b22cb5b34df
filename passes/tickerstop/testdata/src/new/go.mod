module new

go 1.26
