"""Bad targets: a factory that raises, one that returns no module, one without example inputs."""

import torch


def raises():
    raise ValueError("no weights found")


def not_a_module():
    return 42


def no_inputs():
    return torch.nn.Linear(2, 2)
