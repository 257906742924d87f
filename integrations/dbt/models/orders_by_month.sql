-- Guarded: fails with a clear message unless Ferry loaded the orders seed, from this very CSV.
{{ config(pre_hook="{{ ferry.ferry_assert_loaded('orders') }}") }}

select
    date_trunc('month', order_date)::date as month,
    count(*) as orders,
    sum(amount) as revenue,
    count(*) filter (where active) as active_orders
from {{ ref('orders') }}
group by 1
