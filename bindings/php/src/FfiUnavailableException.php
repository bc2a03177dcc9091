<?php

declare(strict_types=1);

namespace Sogen;

/** PHP's FFI is missing, or restricted by `ffi.enable` for this script. */
final class FfiUnavailableException extends SogenException
{
    public static function restricted(\Throwable $previous): self
    {
        $mode = ini_get('ffi.enable');

        return new self(
            sprintf(
                'PHP refuses FFI here: ffi.enable=%s (SAPI %s). Either set ffi.enable=true in php.ini '
                . '(or php -d ffi.enable=1), or keep ffi.enable=preload and preload the binding: '
                . 'opcache.enable=1, opcache.preload=%s and, when PHP starts as root (php-fpm, Apache), '
                . 'ffi.preload=%s; the binding then uses FFI::scope(\'%s\').',
                $mode === false ? '?' : ($mode === '' ? 'false' : $mode),
                PHP_SAPI,
                dirname(__DIR__) . '/preload.php',
                dirname(__DIR__) . '/sogen-ffi.h',
                Sogen::SCOPE,
            ),
            0,
            $previous,
        );
    }
}
