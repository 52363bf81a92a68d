module planparse

go 1.19
