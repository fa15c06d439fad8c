"""Backup and restore: the whole site (database and uploaded files) in one file."""
