#pragma once
// Closed-form results of queueing and inventory theory that the validation suite compares the
// engine with. Independent of the engine: plain formulas over the model's parameters, each with
// its textbook source. Rates are per unit of time and times are in that unit (hours or days,
// as the model is stated); every queue is in steady state and FIFO.
//
// Sources:
//   [GH]   Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory, 4th ed., Wiley
//          2008: M/M/1 and M/M/c (Erlang C) in sections 2.2-2.3, M/M/1/K in 2.5, Jackson
//          networks in 4.2, the Pollaczek-Khinchine formula for M/G/1 in 5.1.
//   [Kl]   Kleinrock, Queueing Systems, Vol. 1: Theory, Wiley 1975, chapter 5 (the M/G/1 queue).
//   [Zi]   Zipkin, Foundations of Inventory Management, McGraw-Hill 2000, chapter 6: the
//          base-stock policy with Poisson demand and a constant lead time.
//   [CDRS] Chen, Drezner, Ryan & Simchi-Levi, "Quantifying the bullwhip effect in a simple
//          supply chain: the impact of forecasting, lead times, and information", Management
//          Science 46(3):436-443, 2000.

#include <cassert>
#include <cmath>
#include <vector>

namespace memchain::validation {

// Steady-state means of a queue, in the units of its rates.
struct QueueMeans {
    double utilization = 0.0;   // busy share of each server
    double p_wait = 0.0;        // probability that an arrival (that joins) waits
    double wait = 0.0;          // mean time in queue, Wq
    double sojourn = 0.0;       // mean time in system, W = Wq + E[S]
    double queue_length = 0.0;  // mean number waiting, Lq
    double in_system = 0.0;     // mean number in system, L
};

// Erlang's B formula (loss probability of M/M/c/c) for `servers` servers and offered load
// `a` = lambda / mu, by the stable recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)) [GH 2.6].
[[nodiscard]] inline double erlang_b(int servers, double a) {
    assert(servers >= 0 && a >= 0.0);
    double b = 1.0;
    for (int k = 1; k <= servers; ++k) b = a * b / (k + a * b);
    return b;
}

// Erlang's C formula: the probability that an arrival to M/M/c waits, for offered load
// a = lambda / mu < c: C = B / (1 - rho (1 - B)), rho = a / c [GH 2.3].
[[nodiscard]] inline double erlang_c(int servers, double a) {
    assert(servers >= 1 && a < servers && "M/M/c needs a < c");
    const double rho = a / servers;
    const double b = erlang_b(servers, a);
    return b / (1.0 - rho * (1.0 - b));
}

// M/M/c: Wq = C / (c mu - lambda), W = Wq + 1/mu, Lq = lambda Wq, L = lambda W [GH 2.3].
[[nodiscard]] inline QueueMeans mmc(double lambda, double mu, int servers) {
    assert(lambda > 0.0 && mu > 0.0 && lambda < servers * mu && "M/M/c needs lambda < c mu");
    QueueMeans q;
    const double a = lambda / mu;
    q.utilization = a / servers;
    q.p_wait = erlang_c(servers, a);
    q.wait = q.p_wait / (servers * mu - lambda);
    q.sojourn = q.wait + 1.0 / mu;
    q.queue_length = lambda * q.wait;
    q.in_system = lambda * q.sojourn;
    return q;
}

// M/M/1: rho = lambda/mu, Wq = rho / (mu - lambda), W = 1 / (mu - lambda), P(wait) = rho
// [GH 2.2]. The same as mmc(lambda, mu, 1), written out so each checks the other.
[[nodiscard]] inline QueueMeans mm1(double lambda, double mu) {
    assert(lambda > 0.0 && lambda < mu && "M/M/1 needs lambda < mu");
    QueueMeans q;
    const double rho = lambda / mu;
    q.utilization = rho;
    q.p_wait = rho;
    q.sojourn = 1.0 / (mu - lambda);
    q.wait = rho / (mu - lambda);
    q.queue_length = rho * rho / (1.0 - rho);
    q.in_system = rho / (1.0 - rho);
    return q;
}

// M/G/1 by the Pollaczek-Khinchine mean-value formula: Wq = lambda E[S^2] / (2 (1 - rho)) with
// E[S^2] = Var[S] + E[S]^2 and rho = lambda E[S] [GH 5.1, Kl ch. 5]. P(wait) = rho (PASTA).
[[nodiscard]] inline QueueMeans mg1(double lambda, double service_mean, double service_variance) {
    const double rho = lambda * service_mean;
    assert(lambda > 0.0 && service_mean > 0.0 && service_variance >= 0.0 && rho < 1.0);
    QueueMeans q;
    q.utilization = rho;
    q.p_wait = rho;
    const double second_moment = service_variance + service_mean * service_mean;
    q.wait = lambda * second_moment / (2.0 * (1.0 - rho));
    q.sojourn = q.wait + service_mean;
    q.queue_length = lambda * q.wait;
    q.in_system = lambda * q.sojourn;
    return q;
}

// M/D/1: M/G/1 with constant service, Wq = rho / (2 mu (1 - rho)) [GH 5.1].
[[nodiscard]] inline QueueMeans md1(double lambda, double service_time) {
    return mg1(lambda, service_time, 0.0);
}

// M/M/1/K: at most K in the system (one in service, K - 1 waiting); arrivals that find K are
// lost. p_n = (1 - rho) rho^n / (1 - rho^(K+1)) for rho != 1, 1 / (K + 1) for rho = 1 [GH 2.5].
struct FiniteQueue {
    std::vector<double> p;    // p[n], n = 0..K
    double blocking = 0.0;    // p_K: the share of arrivals lost (PASTA)
    double throughput = 0.0;  // lambda (1 - p_K)
    QueueMeans means;         // waits and sojourns of the arrivals that join
};

[[nodiscard]] inline FiniteQueue mm1k(double lambda, double mu, int capacity) {
    assert(lambda > 0.0 && mu > 0.0 && capacity >= 1);
    FiniteQueue f;
    const double rho = lambda / mu;
    f.p.resize(static_cast<std::size_t>(capacity) + 1);
    double total = 0.0;
    for (int n = 0; n <= capacity; ++n) total += std::pow(rho, n);
    for (int n = 0; n <= capacity; ++n) f.p[static_cast<std::size_t>(n)] = std::pow(rho, n) / total;
    f.blocking = f.p.back();
    f.throughput = lambda * (1.0 - f.blocking);
    double l = 0.0;
    for (int n = 0; n <= capacity; ++n) l += n * f.p[static_cast<std::size_t>(n)];
    f.means.in_system = l;
    f.means.utilization = 1.0 - f.p.front();
    f.means.queue_length = l - f.means.utilization;
    f.means.sojourn = l / f.throughput;  // Little's law over the arrivals that join
    f.means.wait = f.means.queue_length / f.throughput;
    // An arrival that joins sees n < K with probability p_n / (1 - p_K); it waits when n >= 1.
    f.means.p_wait = (1.0 - f.p.front() - f.blocking) / (1.0 - f.blocking);
    return f;
}

// An open Jackson network of stations in series, fed by Poisson arrivals at `lambda`: each
// station behaves as an independent M/M/c with the same arrival rate, and the mean end-to-end
// time is the sum of the stations' mean sojourns [GH 4.2, Jackson 1957].
struct TandemStation {
    double mu = 1.0;  // service rate of each server
    int servers = 1;
};

[[nodiscard]] inline double jackson_tandem_sojourn(double lambda,
                                                   const std::vector<TandemStation>& stations) {
    double total = 0.0;
    for (const TandemStation& s : stations) total += mmc(lambda, s.mu, s.servers).sojourn;
    return total;
}

// Base stock with one-for-one replenishment, Poisson demand at rate lambda, a constant lead
// time L and full backordering [Zi ch. 6]. The inventory position is always S, so net inventory
// is S - D, where D ~ Poisson(lambda L) is the demand over the last lead time:
//   fill rate          P(D <= S - 1)   (an arrival is served from stock when S - D >= 1)
//   E[on hand]         E[(S - D)^+]
//   E[backorders]      E[(D - S)^+] = E[on hand] - (S - lambda L)
struct BaseStock {
    double fill_rate = 0.0;
    double on_hand = 0.0;
    double backorders = 0.0;
};

[[nodiscard]] inline BaseStock base_stock_poisson(double lambda, double lead_time, int level) {
    assert(lambda > 0.0 && lead_time >= 0.0 && level >= 0);
    const double mean = lambda * lead_time;
    BaseStock b;
    double pmf = std::exp(-mean);  // P(D = 0)
    for (int d = 0; d < level; ++d) {
        b.fill_rate += pmf;
        b.on_hand += (level - d) * pmf;
        pmf *= mean / (d + 1);
    }
    b.backorders = b.on_hand - (level - mean);
    return b;
}

// The bullwhip effect of an order-up-to policy whose up-to level is L times a p-period moving
// average of demand under i.i.d. demand, orders unconstrained (negative orders allowed):
// Var(q) / Var(D) = 1 + 2L/p + 2L^2/p^2 [CDRS: their lower bound, attained with safety
// factor z = 0, since then q_t = D_t + (L/p) (D_t - D_{t-p})].
[[nodiscard]] inline double bullwhip_ratio(double lead_time_periods, int forecast_periods) {
    assert(lead_time_periods >= 0.0 && forecast_periods >= 1);
    const double r = lead_time_periods / forecast_periods;
    return 1.0 + 2.0 * r + 2.0 * r * r;
}

}  // namespace memchain::validation
