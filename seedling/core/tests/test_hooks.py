from seedling.core.hooks import Hook


def test_hook_registers_once_and_fires_in_order():
    hook = Hook("t")
    seen = []

    def a(x):
        seen.append(("a", x))

    def b(x):
        seen.append(("b", x))

    hook.register(a)
    hook.register(b)
    hook.register(a)
    hook.fire(1)
    assert seen == [("a", 1), ("b", 1)]
    assert hook.handlers == [a, b]
