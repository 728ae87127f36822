SELECT 10; -- expect: migration-name@warning
