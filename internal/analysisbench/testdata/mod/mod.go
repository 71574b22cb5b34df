package mod

func C() {}
