package p

func A() {}

func B() {}
