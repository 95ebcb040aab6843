"""Document-order walks without a generator per node.

``Node.findall`` nests one generator per node it passes, which adds up over every page
of a large project. These walks keep an explicit stack and visit the same nodes in the
same order (the root first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, overload

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["first", "preorder"]

N = TypeVar("N", bound=nodes.Node)


def preorder(root: nodes.Node) -> Iterator[nodes.Node]:
    """``root`` and every node under it, in document order (as ``root.findall()``)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, nodes.Element):
            stack.extend(reversed(node.children))


@overload
def first(root: nodes.Node, kind: type[N]) -> N | None: ...
@overload
def first(root: nodes.Node, kind: tuple[type[nodes.Node], ...]) -> nodes.Node | None: ...
def first(root: nodes.Node, kind: type | tuple[type, ...]) -> nodes.Node | None:
    """The first node of ``kind`` in ``preorder(root)``, or ``None``."""
    for node in preorder(root):
        if isinstance(node, kind):
            return node
    return None
