<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about_dialog.py" line="18"/>
        <source>About AgentDesk</source>
        <translation>关于 AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="19"/>
        <source>AgentDesk</source>
        <translation>AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="20"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="23"/>
        <source>The contact center agent workstation: screen-pop, customer 360, scripted service flows and complaint tickets.</source>
        <translation>客户服务中心座席工作台：来电弹屏、客户全景视图、服务话术流程和投诉工单。</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="28"/>
        <source>Log folder: %1</source>
        <translation>日志文件夹：%1</translation>
    </message>
</context>
<context>
    <name>CandidatesModel</name>
    <message>
        <location filename="../../ui/models/candidates.py" line="20"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/models/candidates.py" line="22"/>
        <source>CIF number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <location filename="../../ui/models/candidates.py" line="25"/>
        <source>Tier</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <location filename="../../ui/models/candidates.py" line="29"/>
        <source>Risk profile</source>
        <translation>风险承受能力等级</translation>
    </message>
    <message>
        <location filename="../../ui/models/candidates.py" line="34"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>CandidatesPanel</name>
    <message>
        <location filename="../../ui/panels/candidates_panel.py" line="27"/>
        <source>Several customers share this number</source>
        <translation>多位客户使用此号码</translation>
    </message>
    <message>
        <location filename="../../ui/panels/candidates_panel.py" line="29"/>
        <source>Caller&apos;s number (masked)</source>
        <translation>来电号码（已脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/candidates_panel.py" line="31"/>
        <source>Ask the caller&apos;s name and choose them from the list; do not guess.</source>
        <translation>请询问来电人姓名并从列表中选择，切勿猜测。</translation>
    </message>
    <message>
        <location filename="../../ui/panels/candidates_panel.py" line="36"/>
        <source>Customers with this number</source>
        <translation>使用此号码的客户</translation>
    </message>
    <message>
        <location filename="../../ui/panels/candidates_panel.py" line="39"/>
        <source>&amp;Open profile</source>
        <translation>打开客户视图(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/panels/candidates_panel.py" line="41"/>
        <source>Open the chosen customer&apos;s profile (Enter)</source>
        <translation>打开所选客户的全景视图 (Enter)</translation>
    </message>
</context>
<context>
    <name>ConnectivityWidget</name>
    <message>
        <location filename="../../ui/widgets/connectivity_widget.py" line="17"/>
        <source>Connection</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectivity_widget.py" line="23"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/connectivity_widget.py" line="25"/>
        <source>Online — %n change(s) waiting</source>
        <translation>
            <numerusform>在线 — %n 项待同步变更</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/connectivity_widget.py" line="27"/>
        <source>Connection unstable — %n change(s) waiting</source>
        <translation>
            <numerusform>连接不稳定 — %n 项待同步变更</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/connectivity_widget.py" line="29"/>
        <source>Offline — %n change(s) waiting</source>
        <translation>
            <numerusform>离线 — %n 项待同步变更</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectivity_widget.py" line="31"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectivity_widget.py" line="34"/>
        <source>Changes you make are kept on this computer and sent when the server answers.</source>
        <translation>您所做的变更会保存在本机，待服务器恢复响应后自动同步。</translation>
    </message>
</context>
<context>
    <name>CustomerHeaderPanel</name>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="37"/>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="40"/>
        <source>Tier</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="42"/>
        <source>Risk profile</source>
        <translation>风险承受能力等级</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="61"/>
        <source>CIF number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="62"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="63"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="64"/>
        <source>Relationship manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="65"/>
        <source>AUM (CNY)</source>
        <translation>金融资产（人民币）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="66"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="98"/>
        <source>%1 · assessment expired</source>
        <translation>%1 · 风险测评已过期</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="103"/>
        <source>Risk profile %1, %2 (on %3)</source>
        <translation>风险承受能力等级 %1，%2（测评日期 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="114"/>
        <source>None assigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="127"/>
        <source>Alert: %1</source>
        <translation>提示：%1</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_header.py" line="130"/>
        <location filename="../../ui/panels/customer_header.py" line="131"/>
        <source>Do not call</source>
        <translation>请勿致电</translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <location filename="../../ui/pages/customer_page.py" line="55"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/customer_page.py" line="123"/>
        <source>Opening the profile…</source>
        <translation>正在打开客户视图…</translation>
    </message>
</context>
<context>
    <name>CustomerProfilePanel</name>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="37"/>
        <source>Customer details</source>
        <translation>客户详情</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="42"/>
        <source>Recent interactions</source>
        <translation>历史接触记录</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="44"/>
        <source>No interactions yet</source>
        <translation>暂无接触记录</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="48"/>
        <source>Open tickets</source>
        <translation>未结投诉工单</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="50"/>
        <source>No open tickets</source>
        <translation>暂无未结工单</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="52"/>
        <source>&amp;Holdings</source>
        <translation>持有产品(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="53"/>
        <source>Recent &amp;interactions</source>
        <translation>历史接触记录(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="54"/>
        <source>Open &amp;tickets</source>
        <translation>未结工单(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="70"/>
        <source>Recent &amp;interactions (%1)</source>
        <translation>历史接触记录 (%1)(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/panels/customer_profile_panel.py" line="75"/>
        <source>Open &amp;tickets (%1)</source>
        <translation>未结工单 (%1)(&amp;T)</translation>
    </message>
</context>
<context>
    <name>DemoRun</name>
    <message>
        <location filename="../../ui/demo_run.py" line="87"/>
        <source>The demo agent could not sign in.</source>
        <translation>演示座席无法登录。</translation>
    </message>
    <message>
        <location filename="../../ui/demo_run.py" line="94"/>
        <source>The demo call could not be simulated.</source>
        <translation>无法模拟演示来电。</translation>
    </message>
    <message>
        <location filename="../../ui/demo_run.py" line="117"/>
        <source>AgentDesk demo</source>
        <translation>AgentDesk 演示</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../ui/error_text.py" line="21"/>
        <source>The AgentDesk server cannot be reached. Check the network or the server address; your work is kept.</source>
        <translation>无法连接 AgentDesk 服务器。请检查网络或服务器地址；您的工作内容已保留。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="26"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="27"/>
        <source>Your session has ended. Please sign in again.</source>
        <translation>您的会话已结束，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="30"/>
        <source>Your account is not allowed to do this. Ask your supervisor if you need access.</source>
        <translation>您的账号无权执行此操作。如需权限，请联系班组长。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="34"/>
        <source>This computer has no secure password store, so your sign-in cannot be kept. You will need to sign in each time; ask IT to enable the system keyring.</source>
        <translation>本机没有安全的密码存储，无法保留您的登录状态。您每次都需要重新登录；请联系 IT 启用系统密钥环。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="39"/>
        <source>The server sent an answer AgentDesk cannot read. The server may be a different version; tell IT support.</source>
        <translation>服务器返回了 AgentDesk 无法识别的响应，服务器版本可能不一致；请告知 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="44"/>
        <source>The AgentDesk server had a problem and could not finish. Try again in a moment; if it keeps happening, tell IT support.</source>
        <translation>AgentDesk 服务器出现问题，未能完成操作。请稍后重试；如问题持续，请告知 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="49"/>
        <source>The record was not found. It may have been removed; refresh and retry.</source>
        <translation>未找到该记录，可能已被删除；请刷新后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="52"/>
        <source>The server did not accept the request. Check what you entered.</source>
        <translation>服务器未接受该请求，请检查您输入的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="55"/>
        <source>The server refused the request. Try again; if it keeps happening, tell IT support.</source>
        <translation>服务器拒绝了该请求。请重试；如问题持续，请告知 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="59"/>
        <source>AgentDesk is not set up correctly (for example the server address or its certificate file). Check the address, or ask IT to fix the configuration.</source>
        <translation>AgentDesk 配置有误（例如服务器地址或证书文件）。请检查地址，或联系 IT 修正配置。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="68"/>
        <source>Something went wrong. Try again; if it keeps happening, tell IT support (the details are in the log).</source>
        <translation>出现错误。请重试；如问题持续，请告知 IT 支持（详细信息已记录在日志中）。</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="59"/>
        <source>assessed %n day(s) ago</source>
        <translation>
            <numerusform>%n 天前测评</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="62"/>
        <source>assessed %n month(s) ago</source>
        <translation>
            <numerusform>%n 个月前测评</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="63"/>
        <source>assessed %n year(s) ago</source>
        <translation>
            <numerusform>%n 年前测评</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HoldingsModels</name>
    <message>
        <location filename="../../ui/models/holdings.py" line="30"/>
        <location filename="../../ui/models/holdings.py" line="58"/>
        <location filename="../../ui/models/holdings.py" line="88"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="34"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="38"/>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="43"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="62"/>
        <location filename="../../ui/models/holdings.py" line="131"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="65"/>
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="69"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="73"/>
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="92"/>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="97"/>
        <source>Outstanding</source>
        <translation>剩余本金</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="102"/>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="107"/>
        <source>Matures on</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="136"/>
        <source>Code</source>
        <translation>产品代码</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="140"/>
        <source>Risk level</source>
        <translation>产品风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="145"/>
        <source>Market value</source>
        <translation>市值</translation>
    </message>
    <message>
        <location filename="../../ui/models/holdings.py" line="150"/>
        <source>Unrealised P&amp;L</source>
        <translation>浮动盈亏</translation>
    </message>
</context>
<context>
    <name>HoldingsPanel</name>
    <message>
        <location filename="../../ui/panels/holdings_panel.py" line="35"/>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/panels/holdings_panel.py" line="35"/>
        <source>No accounts</source>
        <translation>暂无账户</translation>
    </message>
    <message>
        <location filename="../../ui/panels/holdings_panel.py" line="36"/>
        <source>Cards</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/panels/holdings_panel.py" line="36"/>
        <source>No cards</source>
        <translation>暂无银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/panels/holdings_panel.py" line="37"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../ui/panels/holdings_panel.py" line="37"/>
        <source>No loans</source>
        <translation>暂无贷款</translation>
    </message>
    <message>
        <location filename="../../ui/panels/holdings_panel.py" line="39"/>
        <source>Wealth and funds</source>
        <translation>理财与基金</translation>
    </message>
    <message>
        <location filename="../../ui/panels/holdings_panel.py" line="40"/>
        <source>No wealth or fund holdings</source>
        <translation>暂无理财或基金持仓</translation>
    </message>
</context>
<context>
    <name>IdlePanel</name>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="53"/>
        <source>Waiting for a call</source>
        <translation>等待来电</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="55"/>
        <source>The caller&apos;s profile appears here as soon as a call is offered.</source>
        <translation>来电振铃时，客户全景视图将立即在此显示。</translation>
    </message>
</context>
<context>
    <name>InteractionsModel</name>
    <message>
        <location filename="../../ui/models/interactions.py" line="26"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/models/interactions.py" line="30"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/interactions.py" line="33"/>
        <source>Agent</source>
        <translation>座席</translation>
    </message>
    <message>
        <location filename="../../ui/models/interactions.py" line="35"/>
        <source>Reason</source>
        <translation>来电原因</translation>
    </message>
    <message>
        <location filename="../../ui/models/interactions.py" line="38"/>
        <source>Wrap-up code</source>
        <translation>小结代码</translation>
    </message>
    <message>
        <location filename="../../ui/models/interactions.py" line="42"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>LoadingPanel</name>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="66"/>
        <source>Incoming call from</source>
        <translation>来电号码</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="68"/>
        <source>Caller&apos;s number (masked)</source>
        <translation>来电号码（已脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="69"/>
        <location filename="../../ui/panels/pop_state_panels.py" line="81"/>
        <source>Looking up the caller…</source>
        <translation>正在查询来电客户…</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="73"/>
        <source>Looking up the caller</source>
        <translation>正在查询来电客户</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="45"/>
        <source>Sign in to AgentDesk</source>
        <translation>登录 AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="50"/>
        <source>AgentDesk</source>
        <translation>AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="51"/>
        <source>Contact center agent workstation</source>
        <translation>客户服务中心座席工作台</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="55"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="57"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="60"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="65"/>
        <source>&amp;Server address:</source>
        <translation>服务器地址(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="66"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="67"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="71"/>
        <source>Sign-in problem</source>
        <translation>登录问题</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="78"/>
        <source>Signing in</source>
        <translation>正在登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="79"/>
        <location filename="../../ui/login_dialog.py" line="148"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="88"/>
        <location filename="../../ui/login_dialog.py" line="91"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="92"/>
        <source>Sign in (Enter)</source>
        <translation>登录 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="93"/>
        <location filename="../../ui/login_dialog.py" line="94"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="95"/>
        <source>Close without signing in (Esc)</source>
        <translation>不登录并关闭 (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="121"/>
        <source>Resuming your session…</source>
        <translation>正在恢复您的会话…</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="141"/>
        <source>Enter the server address, your user name and password.</source>
        <translation>请输入服务器地址、用户名和密码。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="50"/>
        <source>AgentDesk</source>
        <translation>AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="74"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="76"/>
        <source>Sign out of AgentDesk</source>
        <translation>退出 AgentDesk 登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>Quit AgentDesk</source>
        <translation>退出 AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>&amp;Simulate incoming call</source>
        <translation>模拟来电(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>Ask the demo backend to offer a call to you</source>
        <translation>请演示后台向您分配一通来电</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94"/>
        <source>&amp;Dark theme</source>
        <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="96"/>
        <source>Switch between light and dark</source>
        <translation>在浅色与深色主题之间切换</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="104"/>
        <source>&amp;About AgentDesk</source>
        <translation>关于 AgentDesk(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="106"/>
        <source>Version and support information</source>
        <translation>版本与支持信息</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="112"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116"/>
        <source>&amp;Call</source>
        <translation>通话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="121"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>Signed-in agent</source>
        <translation>当前登录座席</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Sign-in not kept</source>
        <translation>未保留登录状态</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146"/>
        <source>Agent: %1 (%2)</source>
        <translation>座席：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156"/>
        <source>Sign-in not kept: no secure password store on this computer</source>
        <translation>未保留登录状态：本机没有安全的密码存储</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="160"/>
        <source>AgentDesk stores your sign-in only in the system keyring, never in a file. You will need to sign in again next time; ask IT to enable the keyring.</source>
        <translation>AgentDesk 只在系统密钥环中保存登录凭据，绝不写入文件。下次您需要重新登录；请联系 IT 启用密钥环。</translation>
    </message>
</context>
<context>
    <name>PopErrorPanel</name>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="113"/>
        <source>The caller could not be looked up</source>
        <translation>无法查询来电客户</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="116"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="117"/>
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="119"/>
        <source>Look the caller up again (Alt+T)</source>
        <translation>重新查询来电客户 (Alt+T)</translation>
    </message>
</context>
<context>
    <name>SoftphonePanel</name>
    <message>
        <location filename="../../ui/panels/softphone_panel.py" line="22"/>
        <location filename="../../ui/panels/softphone_panel.py" line="23"/>
        <source>Softphone</source>
        <translation>软电话</translation>
    </message>
    <message>
        <location filename="../../ui/panels/softphone_panel.py" line="28"/>
        <location filename="../../ui/panels/softphone_panel.py" line="51"/>
        <source>No call</source>
        <translation>无通话</translation>
    </message>
    <message>
        <location filename="../../ui/panels/softphone_panel.py" line="29"/>
        <source>Call state</source>
        <translation>通话状态</translation>
    </message>
    <message>
        <location filename="../../ui/panels/softphone_panel.py" line="31"/>
        <source>Caller&apos;s number (masked)</source>
        <translation>来电号码（已脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/softphone_panel.py" line="33"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../ui/panels/softphone_panel.py" line="43"/>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../ui/panels/softphone_panel.py" line="47"/>
        <source>Queue: %1</source>
        <translation>队列：%1</translation>
    </message>
</context>
<context>
    <name>TicketsModel</name>
    <message>
        <location filename="../../ui/models/tickets.py" line="34"/>
        <source>Reference</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <location filename="../../ui/models/tickets.py" line="37"/>
        <source>Category</source>
        <translation>投诉类别</translation>
    </message>
    <message>
        <location filename="../../ui/models/tickets.py" line="41"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/models/tickets.py" line="46"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/tickets.py" line="50"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/models/tickets.py" line="54"/>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/tickets.py" line="58"/>
        <source>Due</source>
        <translation>处理时限</translation>
    </message>
</context>
<context>
    <name>UnknownCallerPanel</name>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="88"/>
        <source>Unknown caller</source>
        <translation>未识别来电</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="90"/>
        <source>Caller&apos;s number (masked)</source>
        <translation>来电号码（已脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/pop_state_panels.py" line="93"/>
        <source>No customer has this number. Ask for the caller&apos;s name and ID number to find them, or handle the call as a new contact.</source>
        <translation>没有客户登记此号码。请询问来电人的姓名和证件号码进行查找，或作为新接触处理。</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <location filename="../../ui/vocabulary.py" line="33"/>
        <source>Mass</source>
        <translation>大众客户</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="34"/>
        <source>Gold</source>
        <translation>金卡客户</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="35"/>
        <source>Platinum</source>
        <translation>白金客户</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="36"/>
        <source>Private banking</source>
        <translation>私人银行客户</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="45"/>
        <source>Vulnerable customer</source>
        <translation>特殊关爱客户</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="46"/>
        <source>Fraud watch</source>
        <translation>欺诈监控</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="47"/>
        <source>Open complaint</source>
        <translation>投诉处理中</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="48"/>
        <source>Bereavement</source>
        <translation>丧亲关怀</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="49"/>
        <source>VIP service note</source>
        <translation>贵宾服务提示</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="58"/>
        <source>Phone (inbound)</source>
        <translation>电话呼入</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="59"/>
        <source>Phone (outbound)</source>
        <translation>电话外呼</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="60"/>
        <source>Web chat</source>
        <translation>网页在线客服</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="61"/>
        <source>Mobile app</source>
        <translation>手机银行</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="62"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="63"/>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="64"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="65"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="74"/>
        <source>Current</source>
        <translation>活期</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="75"/>
        <source>Savings</source>
        <translation>储蓄</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="76"/>
        <source>Time deposit</source>
        <translation>定期存款</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="85"/>
        <source>Debit card</source>
        <translation>借记卡</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="86"/>
        <source>Credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="95"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="96"/>
        <source>Blocked</source>
        <translation>已止付</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="97"/>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="98"/>
        <source>Reported lost</source>
        <translation>已挂失</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="99"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="100"/>
        <location filename="../../ui/vocabulary.py" line="126"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="109"/>
        <source>Mortgage</source>
        <translation>住房按揭贷款</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="110"/>
        <source>Consumer loan</source>
        <translation>个人消费贷款</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="111"/>
        <source>Business loan</source>
        <translation>个人经营贷款</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="112"/>
        <source>Car loan</source>
        <translation>汽车贷款</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="121"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="122"/>
        <source>Acknowledged</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="123"/>
        <source>Investigating</source>
        <translation>调查中</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="124"/>
        <source>Pending customer</source>
        <translation>待客户反馈</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="125"/>
        <source>Resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="135"/>
        <source>Fees</source>
        <translation>收费</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="136"/>
        <source>Cards</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="137"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="138"/>
        <source>Wealth mis-selling</source>
        <translation>理财销售误导</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="139"/>
        <source>Service attitude</source>
        <translation>服务态度</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="140"/>
        <source>Digital channel</source>
        <translation>电子渠道</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="141"/>
        <source>Fraud / dispute</source>
        <translation>欺诈 / 争议交易</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="142"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="151"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="152"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="153"/>
        <source>High</source>
        <translation>高</translation>
    </message>
</context>
</TS>
