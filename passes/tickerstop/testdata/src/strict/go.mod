module strict

go 1.26
