<?php

declare(strict_types=1);

namespace Sogen;

/**
 * What `request` answered, parsed. Strings are bytes, as the executable printed them.
 */
final class RequestResult
{
    public function __construct(
        /** 0: a form to show; -1: an error. */
        public readonly int $code,
        /** The error message when $code is -1 (plain text), else null. */
        public readonly ?string $error,
        /** The DEBUG-mode HTML (DEBUG!YES! in the pathfile), else ''. */
        public readonly string $debug,
        /** The HTML form (logos and hidden DATA) to show the customer, '' on error. */
        public readonly string $form,
        /** The exact legacy string, `!code!debug!form!`. */
        public readonly string $output,
        /** What the executable would have exited with: 0, or 255 for argument errors. */
        public readonly int $exitStatus,
    ) {
    }

    public function isOk(): bool
    {
        return $this->code === 0;
    }
}
