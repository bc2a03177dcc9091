<?php

declare(strict_types=1);

namespace Sogen;

/** No libsogen could be loaded from the places tried. */
final class LibraryNotFoundException extends SogenException
{
    /** @param list<string> $errors one line per library tried */
    public static function tried(array $errors): self
    {
        return new self(
            "libsogen not found; tried:\n  " . implode("\n  ", $errors) . "\n"
            . 'Set the environment variable SOGEN_LIBRARY or the php.ini setting sogen.library to the '
            . "library's path (e.g. /opt/sogen/lib/libsogen.so.1 after `make install PREFIX=/opt/sogen`), "
            . 'pass the path to new Sogen\Sogen(), or install libsogen (the Debian package libsogen1, or `make install`).'
        );
    }
}
