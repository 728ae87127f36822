SELECT 12; -- expect: migration-name@error
