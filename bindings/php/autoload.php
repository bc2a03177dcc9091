<?php

// For integrations without Composer: `require '…/bindings/php/autoload.php';`
// (with Composer, vendor/autoload.php does the same from composer.json).
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Sogen\\')) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 6)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
