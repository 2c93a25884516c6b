"""Tests of partysim.batch (a package so that test module names do not clash with tests/)."""
