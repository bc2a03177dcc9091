<?php

declare(strict_types=1);

namespace Sogen;

/**
 * What `response` answered, parsed: the code, the error and the 42 fields by
 * name (also readable as `$result['amount']`). Strings are bytes.
 *
 * @implements \ArrayAccess<string, string>
 */
final class ResponseResult implements \ArrayAccess
{
    /**
     * @param array<string, string> $fields the 42 values by name, in the legacy output order
     */
    public function __construct(
        /** 0: the DATA was read and verified; -1: an error. */
        public readonly int $code,
        /** The error message when $code is -1 (plain text), else null. */
        public readonly ?string $error,
        public readonly array $fields,
        /** The exact legacy string, `!code!error!merchant_id!…`. */
        public readonly string $output,
        /** What the executable would have exited with: 0, or 255 for argument errors. */
        public readonly int $exitStatus,
    ) {
    }

    public function isOk(): bool
    {
        return $this->code === 0;
    }

    /** One of the 42 fields; an unknown name is a programming error. */
    public function field(string $name): string
    {
        if (!array_key_exists($name, $this->fields)) {
            throw new \OutOfRangeException("no response field named $name");
        }

        return $this->fields[$name];
    }

    public function offsetExists(mixed $offset): bool
    {
        return is_string($offset) && array_key_exists($offset, $this->fields);
    }

    public function offsetGet(mixed $offset): string
    {
        return $this->field((string) $offset);
    }

    public function offsetSet(mixed $offset, mixed $value): void
    {
        throw new \LogicException('a response result is read-only');
    }

    public function offsetUnset(mixed $offset): void
    {
        throw new \LogicException('a response result is read-only');
    }
}
