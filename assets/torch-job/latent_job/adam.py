"""Adam as the app writes it (training/families/adam-ops.ts):
    m <- b1*m + (1-b1)*g,  v <- b2*v + (1-b2)*g^2,  p <- p - lr * ((m / c1) / (sqrt(v / c2) + eps))
with c1 = 1 - b1^t, c2 = 1 - b2^t for the optimiser's own update count t (saved in state.json).
The moments are kept under the app's names ("adam.<role>.m.<param>", ".v."), so they go to and from
checkpoints unchanged. A torch.optim.Optimizer, so a GradScaler can drive it under fp16 autocast.
"""
import torch


class AppAdam(torch.optim.Optimizer):
    def __init__(self, role, named_params, settings, t=0):
        self.role = role
        self.names = [name for name, _ in named_params]
        self.settings = dict(settings)
        self.t = t
        super().__init__([p for _, p in named_params], dict(lr=settings["learningRate"]))
        for name, p in named_params:
            self.state[p]["name"] = name
            self.state[p]["m"] = torch.zeros_like(p, memory_format=torch.contiguous_format)
            self.state[p]["v"] = torch.zeros_like(p, memory_format=torch.contiguous_format)

    def corrections(self):
        s = self.settings
        return 1 - s["beta1"] ** self.t, 1 - s["beta2"] ** self.t

    @torch.no_grad()
    def step(self, closure=None):
        """One update; the caller has counted it in self.t first (as the app's trainer does)."""
        s = self.settings
        c1, c2 = self.corrections()
        b1, b2, eps, lr = s["beta1"], s["beta2"], s["epsilon"], s["learningRate"]
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    raise RuntimeError(f"Adam ({self.role}) has no gradient for {self.state[p]['name']}.")
                st = self.state[p]
                m = st["m"].mul(b1).add(g.float().mul(1 - b1))
                v = st["v"].mul(b2).add(g.float().square().mul(1 - b2))
                update = (m / c1) / (torch.sqrt(v / c2) + eps)
                p.sub_(update * lr)
                st["m"], st["v"] = m, v
        return None

    def moments(self):
        """{"adam.<role>.m.<param>": tensor, ...} for checkpoints."""
        out = {}
        for group in self.param_groups:
            for p in group["params"]:
                st = self.state[p]
                out[f"adam.{self.role}.m.{st['name']}"] = st["m"]
                out[f"adam.{self.role}.v.{st['name']}"] = st["v"]
        return out

    def load_moments(self, tensors):
        for group in self.param_groups:
            for p in group["params"]:
                st = self.state[p]
                for k in ("m", "v"):
                    key = f"adam.{self.role}.{k}.{st['name']}"
                    if key not in tensors:
                        raise KeyError(f"The checkpoint has no {key}.")
                    st[k] = torch.as_tensor(tensors[key]).to(p.device, torch.float32).reshape(p.shape).clone()
