-- Run once by the postgres image when its data volume is new: a database per operator.
-- op3 is made too, so that a later `--profile three` finds it.
CREATE DATABASE op1;
CREATE DATABASE op2;
CREATE DATABASE op3;
