SELECT 1; -- expect: migration-name@warning
