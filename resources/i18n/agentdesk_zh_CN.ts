<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/shell/about_dialog.py" line="18"/>
        <source>About AgentDesk</source>
        <translation>关于 AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/shell/about_dialog.py" line="19"/>
        <source>AgentDesk</source>
        <translation>AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/shell/about_dialog.py" line="20"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../ui/shell/about_dialog.py" line="23"/>
        <source>The contact center agent workstation: screen-pop, customer 360, scripted service flows and complaint tickets.</source>
        <translation>客户服务中心座席工作台：来电弹屏、客户全景视图、服务话术流程和投诉工单。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/about_dialog.py" line="28"/>
        <source>Log folder: %1</source>
        <translation>日志文件夹：%1</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../ui/shell/app_controller.py" line="97"/>
        <source>Your session has expired; sign in again. Your unsent changes are kept.</source>
        <translation>您的会话已过期，请重新登录。尚未同步的变更已保留。</translation>
    </message>
</context>
<context>
    <name>CallDeskController</name>
    <message>
        <source>The phone system's IVR verified the caller.</source>
        <translation>电话系统的 IVR 已验证来电者身份。</translation>
    </message>
    <message>
        <source>The number could not be linked: %1</source>
        <translation>无法关联号码：%1</translation>
    </message>
    <message>
        <source>The caller&apos;s number is kept with this customer, to verify later.</source>
        <translation>来电号码已记为此客户的待核验号码。</translation>
    </message>
    <message>
        <source>Complaint saved on this computer. It goes to the server now, or as soon as the connection is back.</source>
        <translation>投诉已保存在本机，将立即同步到服务器，或在连接恢复后同步。</translation>
    </message>
    <message>
        <source>Identify the caller first: a complaint needs the customer.</source>
        <translation>请先识别来电客户：投诉需要关联客户。</translation>
    </message>
    <message>
        <source>Open a complaint for the caller, with this call and its script</source>
        <translation>为来电客户新建投诉，关联本次通话及其话术流程</translation>
    </message>
    <message>
        <source>New &amp;complaint…</source>
        <translation>新建投诉(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_desk.py" line="68"/>
        <source>&amp;Find a customer…</source>
        <translation>查找客户(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_desk.py" line="70"/>
        <source>Search customers by name, CIF number or phone</source>
        <translation>按姓名、客户号或电话查找客户</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_desk.py" line="76"/>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_desk.py" line="78"/>
        <source>Language and theme</source>
        <translation>界面语言和主题</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_desk.py" line="185"/>
        <source>Wrap-up saved on this computer. It goes to the server now, or as soon as the connection is back.</source>
        <translation>话后整理记录已保存在本机，将立即同步到服务器；如网络中断，恢复连接后自动同步。</translation>
    </message>
    <message>
        <source>Start a &amp;script…</source>
        <translation>开始话术脚本(&amp;S)…</translation>
    </message>
    <message>
        <source>Pick a scripted flow for this call</source>
        <translation>为本通电话选择服务话术脚本</translation>
    </message>
    <message>
        <source>There is no call to wrap up.</source>
        <translation>当前没有需要话后整理的通话。</translation>
    </message>
</context>
<context>
    <name>CallTimers</name>
    <message>
        <location filename="../../ui/desk/call_timers.py" line="48"/>
        <source>Time in agent state</source>
        <translation>当前座席状态时长</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_timers.py" line="50"/>
        <source>Call timers</source>
        <translation>通话计时</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_timers.py" line="79"/>
        <source>Talk %1</source>
        <translation>通话 %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_timers.py" line="81"/>
        <source>Hold %1</source>
        <translation>保持 %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/call_timers.py" line="84"/>
        <source>Wrap-up %1</source>
        <translation>话后整理 %1</translation>
    </message>
</context>
<context>
    <name>CandidatesModel</name>
    <message>
        <location filename="../../ui/customer/candidates_model.py" line="20"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_model.py" line="22"/>
        <source>CIF number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_model.py" line="25"/>
        <source>Tier</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_model.py" line="29"/>
        <source>Risk profile</source>
        <translation>风险承受能力等级</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_model.py" line="34"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>CandidatesPanel</name>
    <message>
        <location filename="../../ui/customer/candidates_panel.py" line="27"/>
        <source>Several customers share this number</source>
        <translation>多位客户使用此号码</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_panel.py" line="29"/>
        <source>Caller&apos;s number (masked)</source>
        <translation>来电号码（已脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_panel.py" line="31"/>
        <source>Ask the caller&apos;s name and choose them from the list; do not guess.</source>
        <translation>请询问来电人姓名并从列表中选择，切勿猜测。</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_panel.py" line="36"/>
        <source>Customers with this number</source>
        <translation>使用此号码的客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_panel.py" line="39"/>
        <source>&amp;Open profile</source>
        <translation>打开客户视图(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/candidates_panel.py" line="41"/>
        <source>Open the chosen customer&apos;s profile (Enter)</source>
        <translation>打开所选客户的全景视图 (Enter)</translation>
    </message>
</context>
<context>
    <name>ConnectivityWidget</name>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="27"/>
        <source>Connection</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="91"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="93"/>
        <source>Online — 1 change waiting</source>
        <translation>在线 — 1 项待同步变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="95"/>
        <source>Online — %1 changes waiting</source>
        <translation>在线 — %1 项待同步变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="98"/>
        <source>Degraded — retrying</source>
        <translation>连接不稳定 — 正在重试</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="100"/>
        <source>Degraded — retrying, 1 change waiting</source>
        <translation>连接不稳定 — 正在重试，1 项待同步变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="102"/>
        <source>Degraded — retrying, %1 changes waiting</source>
        <translation>连接不稳定 — 正在重试，%1 项待同步变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="121"/>
        <source>Synchronising now…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="123"/>
        <source>Click to sync now (%1).</source>
        <translation>点击立即同步（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="125"/>
        <source>Click to sync now.</source>
        <translation>点击立即同步。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="104"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="106"/>
        <source>Offline — 1 change waiting</source>
        <translation>离线 — 1 项待同步变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="108"/>
        <source>Offline — %1 changes waiting</source>
        <translation>离线 — %1 项待同步变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/connectivity_widget.py" line="118"/>
        <source>Changes you make are kept on this computer and sent when the server answers.</source>
        <translation>您所做的变更会保存在本机，待服务器恢复响应后自动同步。</translation>
    </message>
</context>
<context>
    <name>CustomerHeaderPanel</name>
    <message>
        <source>Segment: %1</source>
        <translation>客户分群：%1</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="37"/>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="40"/>
        <source>Tier</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="42"/>
        <source>Risk profile</source>
        <translation>风险承受能力等级</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="61"/>
        <source>CIF number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="62"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="63"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="64"/>
        <source>Relationship manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="65"/>
        <source>AUM (CNY)</source>
        <translation>金融资产（人民币）</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="66"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="100"/>
        <source>%1 · assessment expired</source>
        <translation>%1 · 风险测评已过期</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="105"/>
        <source>Risk profile %1, %2 (on %3)</source>
        <translation>风险承受能力等级 %1，%2（测评日期 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="116"/>
        <source>None assigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="129"/>
        <source>Alert: %1</source>
        <translation>提示：%1</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_header.py" line="132"/>
        <location filename="../../ui/customer/customer_header.py" line="133"/>
        <source>Do not call</source>
        <translation>请勿致电</translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <source>The provisional contact was merged into this customer.</source>
        <translation>临时客户记录已合并到此客户。</translation>
    </message>
    <message>
        <source>%1 is kept as a provisional contact with this number; it is linked when a customer matches.</source>
        <translation>已将 %1 与此号码保存为临时客户记录；与客户匹配后将自动关联。</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_page.py" line="58"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_page.py" line="142"/>
        <source>Opening the profile…</source>
        <translation>正在打开客户视图…</translation>
    </message>
</context>
<context>
    <name>CustomerProfilePanel</name>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="75"/>
        <source>Customer details</source>
        <translation>客户详情</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="80"/>
        <source>Open tickets</source>
        <translation>未结投诉工单</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="82"/>
        <source>No open tickets</source>
        <translation>暂无未结工单</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="84"/>
        <source>&amp;Holdings</source>
        <translation>持有产品(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="85"/>
        <source>&amp;Interaction timeline</source>
        <translation>历史接触记录(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="87"/>
        <source>Ta&amp;sks</source>
        <translation>回访任务(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="88"/>
        <source>&amp;Offers</source>
        <translation>产品推荐(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="114"/>
        <source>&amp;Interaction timeline (%1)</source>
        <translation>历史接触记录(&amp;I) (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="86"/>
        <source>Open &amp;tickets</source>
        <translation>未结工单(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/customer_profile_panel.py" line="120"/>
        <source>Open &amp;tickets (%1)</source>
        <translation>未结工单 (%1)(&amp;T)</translation>
    </message>
</context>
<context>
    <name>DemoRun</name>
    <message>
        <location filename="../../ui/shell/demo_run.py" line="87"/>
        <source>The demo agent could not sign in.</source>
        <translation>演示座席无法登录。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/demo_run.py" line="94"/>
        <source>The demo call could not be simulated.</source>
        <translation>无法模拟演示来电。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/demo_run.py" line="117"/>
        <source>AgentDesk demo</source>
        <translation>AgentDesk 演示</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Call routing did not answer in time, so nothing changed. Try again in a moment.</source>
        <translation>呼叫路由未能及时响应，操作未生效。请稍后重试。</translation>
    </message>
    <message>
        <source>%1: not valid.</source>
        <translation>%1：无效。</translation>
    </message>
    <message>
        <source>%1: out of range.</source>
        <translation>%1：超出范围。</translation>
    </message>
    <message>
        <source>%1: fill this in.</source>
        <translation>%1：请填写。</translation>
    </message>
    <message>
        <source>%1: too long. Shorten it and save again.</source>
        <translation>%1：内容过长。请缩短后重新保存。</translation>
    </message>
    <message>
        <source>%1: a character here cannot be saved (a NUL or a broken Unicode character). Remove it and save again.</source>
        <translation>%1：含有无法保存的字符（NUL 或损坏的 Unicode 字符）。请删除后重新保存。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="30"/>
        <source>You can verify, send a code to or unmask only the customer who is on the line with you. Answer their call first, or ask your supervisor for back-office access.</source>
        <translation>只能核验、发送验证码或查看明文给正在与您通话的客户。请先接听其来电，或向主管申请后台访问。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="30"/>
        <source>You may not make this change to the ticket (only its team&apos;s supervisor assigns it). Discard the change, or ask the supervisor.</source>
        <translation>您无权对该工单做此更改（仅工单所属团队的主管可分派）。请放弃此更改，或联系主管。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="30"/>
        <source>The ticket can only be assigned to an active agent or supervisor. Check the name.</source>
        <translation>工单只能分派给在职的座席或主管。请检查姓名。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="24"/>
        <source>The AgentDesk server cannot be reached. Check the network or the server address; your work is kept.</source>
        <translation>无法连接 AgentDesk 服务器。请检查网络或服务器地址；您的工作内容已保留。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="29"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="190"/>
        <source>Too many failed sign-ins. Wait a while before you try again.</source>
        <translation>登录失败次数过多，请稍后再试。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/kit/error_text.py" line="194"/>
        <source>Too many failed sign-ins. Try again in %n minute(s).</source>
        <translation>
            <numerusform>登录失败次数过多，请 %n 分钟后再试。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="30"/>
        <source>Your session has ended. Please sign in again.</source>
        <translation>您的会话已结束，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="33"/>
        <source>Your account is not allowed to do this. Ask your supervisor if you need access.</source>
        <translation>您的账号无权执行此操作。如需权限，请联系班组长。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="37"/>
        <source>This computer has no secure password store, so your sign-in cannot be kept. You will need to sign in each time; ask IT to enable the system keyring.</source>
        <translation>本机没有安全的密码存储，无法保留您的登录状态。您每次都需要重新登录；请联系 IT 启用系统密钥环。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="42"/>
        <source>The server sent an answer AgentDesk cannot read. The server may be a different version; tell IT support.</source>
        <translation>服务器返回了 AgentDesk 无法识别的响应，服务器版本可能不一致；请告知 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="47"/>
        <source>The AgentDesk server had a problem and could not finish. Try again in a moment; if it keeps happening, tell IT support.</source>
        <translation>AgentDesk 服务器出现问题，未能完成操作。请稍后重试；如问题持续，请告知 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="52"/>
        <source>The record was not found. It may have been removed; refresh and retry.</source>
        <translation>未找到该记录，可能已被删除；请刷新后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="55"/>
        <source>The server did not accept the request. Check what you entered.</source>
        <translation>服务器未接受该请求，请检查您输入的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="58"/>
        <source>The server refused the request. Try again; if it keeps happening, tell IT support.</source>
        <translation>服务器拒绝了该请求。请重试；如问题持续，请告知 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="62"/>
        <source>AgentDesk is not set up correctly (for example the server address or its certificate file). Check the address, or ask IT to fix the configuration.</source>
        <translation>AgentDesk 配置有误（例如服务器地址或证书文件）。请检查地址，或联系 IT 修正配置。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="74"/>
        <source>The server address starts with http://, which would send customer data over the network unencrypted. Use the https:// address, or ask IT to set desktop.allow_plain_http = true (test benches only).</source>
        <translation>服务器地址以 http:// 开头，客户数据将以明文在网络上传输。请使用 https:// 地址，或联系 IT 设置 desktop.allow_plain_http = true（仅限测试环境）。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="24"/>
        <source>The AgentDesk server&apos;s certificate could not be verified, so no connection was made. IT must install the bank&apos;s CA certificate on this computer (setting desktop.ca_bundle).</source>
        <translation>无法验证 AgentDesk 服务器的证书，因此未建立连接。请联系 IT 在本机安装银行的 CA 证书（设置项 desktop.ca_bundle）。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="68"/>
        <source>The data kept on this computer could not be read or written. Restart AgentDesk; if it keeps happening, tell IT support (your saved changes are not deleted).</source>
        <translation>无法读写本机保存的数据。请重新启动 AgentDesk；如问题持续，请联系 IT 支持（您已保存的变更不会被删除）。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="73"/>
        <source>The data kept on this computer cannot be opened with this computer&apos;s key. AgentDesk starts a fresh copy and keeps the old file aside; tell IT support.</source>
        <translation>无法用本机密钥打开本机保存的数据。AgentDesk 将新建一份数据，并另行保留旧文件；请联系 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="78"/>
        <source>The data on this computer was written by a newer AgentDesk. Install the newer version, or ask IT support.</source>
        <translation>本机数据由更新版本的 AgentDesk 写入。请安装新版本，或联系 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="83"/>
        <source>This change is no longer waiting: it was already sent or resolved. The list is refreshed.</source>
        <translation>该变更已不在待同步队列中：它已发送或已处理。列表已刷新。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="88"/>
        <source>The record is not on this computer any more. Refresh and try again.</source>
        <translation>本机已没有该记录。请刷新后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="92"/>
        <source>Someone else saved this record first. Look at their version, then make your change again.</source>
        <translation>其他人已先保存了该记录。请查看对方的版本，然后重新修改。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="97"/>
        <source>The server refused the change because AgentDesk did not say which version it edits. This is a fault in AgentDesk; tell IT support.</source>
        <translation>服务器拒绝了该变更，因为 AgentDesk 未注明所修改的版本。这是 AgentDesk 的故障，请联系 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="102"/>
        <source>The server refused the changes waiting on this computer because one of them was sent before with different content. They are kept; tell IT support.</source>
        <translation>服务器拒绝了本机的待同步变更，因为其中一项曾以不同内容发送过。变更已保留；请联系 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="108"/>
        <source>The customer this change belongs to does not exist on the server (any more). Discard the change, and record it again for the right customer if needed.</source>
        <translation>该变更所属的客户在服务器上不存在（或已删除）。请放弃该变更，如有需要请为正确的客户重新记录。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="113"/>
        <source>The ticket this change belongs to does not exist on the server (any more). Discard the change.</source>
        <translation>该变更所属的工单在服务器上不存在（或已删除）。请放弃该变更。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="118"/>
        <source>The change edits a ticket field that may not be changed. Discard it.</source>
        <translation>该变更修改了不允许修改的工单字段。请放弃该变更。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="122"/>
        <source>The server found the change incomplete or invalid. Discard it and enter it again.</source>
        <translation>服务器认为该变更不完整或无效。请放弃后重新录入。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="126"/>
        <source>The phone number of this change is not a valid number. Discard it and enter it again.</source>
        <translation>该变更中的电话号码无效。请放弃后重新录入。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="137"/>
        <source>You have not signed in online on this computer yet, so it cannot unlock offline. Sign in once while the server can be reached.</source>
        <translation>您尚未在本机在线登录过，因此无法离线解锁。请在服务器可访问时先在线登录一次。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="142"/>
        <source>Your last online sign-in here was more than %1 hours ago, so offline unlock is no longer allowed. Sign in when the server can be reached again.</source>
        <translation>您在本机的上次在线登录已超过 %1 小时，不能再离线解锁。请在服务器恢复访问后重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="147"/>
        <source>The password does not match your last online sign-in on this computer.</source>
        <translation>密码与您在本机上次在线登录时的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="151"/>
        <source>Too many wrong passwords: offline unlock is locked. Sign in when the server can be reached again.</source>
        <translation>密码错误次数过多，离线解锁已锁定。请在服务器恢复访问后重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="156"/>
        <source>The data kept on this computer cannot be opened, so it cannot unlock offline. Sign in when the server can be reached, or ask IT support.</source>
        <translation>无法打开本机保存的数据，因此无法离线解锁。请在服务器可访问时登录，或联系 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../ui/kit/error_text.py" line="166"/>
        <source>Something went wrong. Try again; if it keeps happening, tell IT support (the details are in the log).</source>
        <translation>出现错误。请重试；如问题持续，请告知 IT 支持（详细信息已记录在日志中）。</translation>
    </message>
    <message>
        <source>Something you entered cannot be used. Check it and try again.</source>
        <translation>输入的内容无法使用，请检查后重试。</translation>
    </message>
    <message>
        <source>The phone system refused this, so the call is as it was. Try again; if it keeps happening, tell your supervisor.</source>
        <translation>电话系统拒绝了此操作，通话保持原状。请重试；如果一直出现，请告知班组长。</translation>
    </message>
    <message>
        <source>The phone system did not answer, so the call is as it was. Try again in a moment.</source>
        <translation>电话系统没有响应，通话保持原状。请稍后重试。</translation>
    </message>
    <message>
        <source>The code could not be sent: the SMS gateway did not answer. Try again, or verify the caller another way.</source>
        <translation>验证码未能发送：短信网关没有响应。请重试，或改用其他方式核验来电客户身份。</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message numerus="yes">
        <location filename="../../ui/kit/formatting.py" line="59"/>
        <source>assessed %n day(s) ago</source>
        <translation>
            <numerusform>%n 天前测评</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/kit/formatting.py" line="62"/>
        <source>assessed %n month(s) ago</source>
        <translation>
            <numerusform>%n 个月前测评</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/kit/formatting.py" line="63"/>
        <source>assessed %n year(s) ago</source>
        <translation>
            <numerusform>%n 年前测评</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HoldingsModels</name>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="30"/>
        <location filename="../../ui/customer/holdings_models.py" line="58"/>
        <location filename="../../ui/customer/holdings_models.py" line="88"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="34"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="38"/>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="43"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="62"/>
        <location filename="../../ui/customer/holdings_models.py" line="131"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="65"/>
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="69"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="73"/>
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="92"/>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="97"/>
        <source>Outstanding</source>
        <translation>剩余本金</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="102"/>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="107"/>
        <source>Matures on</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="136"/>
        <source>Code</source>
        <translation>产品代码</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="140"/>
        <source>Risk level</source>
        <translation>产品风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="145"/>
        <source>Market value</source>
        <translation>市值</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_models.py" line="150"/>
        <source>Unrealised P&amp;L</source>
        <translation>浮动盈亏</translation>
    </message>
</context>
<context>
    <name>HoldingsPanel</name>
    <message>
        <location filename="../../ui/customer/holdings_panel.py" line="35"/>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_panel.py" line="35"/>
        <source>No accounts</source>
        <translation>暂无账户</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_panel.py" line="36"/>
        <source>Cards</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_panel.py" line="36"/>
        <source>No cards</source>
        <translation>暂无银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_panel.py" line="37"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_panel.py" line="37"/>
        <source>No loans</source>
        <translation>暂无贷款</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_panel.py" line="39"/>
        <source>Wealth and funds</source>
        <translation>理财与基金</translation>
    </message>
    <message>
        <location filename="../../ui/customer/holdings_panel.py" line="40"/>
        <source>No wealth or fund holdings</source>
        <translation>暂无理财或基金持仓</translation>
    </message>
</context>
<context>
    <name>IdlePanel</name>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="53"/>
        <source>Waiting for a call</source>
        <translation>等待来电</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="55"/>
        <source>The caller&apos;s profile appears here as soon as a call is offered.</source>
        <translation>来电振铃时，客户全景视图将立即在此显示。</translation>
    </message>
</context>
<context>
    <name>InteractionsModel</name>
    <message>
        <location filename="../../ui/customer/interactions_model.py" line="26"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/customer/interactions_model.py" line="30"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/customer/interactions_model.py" line="33"/>
        <source>Agent</source>
        <translation>座席</translation>
    </message>
    <message>
        <location filename="../../ui/customer/interactions_model.py" line="35"/>
        <source>Reason</source>
        <translation>来电原因</translation>
    </message>
    <message>
        <location filename="../../ui/customer/interactions_model.py" line="38"/>
        <source>Wrap-up code</source>
        <translation>小结代码</translation>
    </message>
    <message>
        <location filename="../../ui/customer/interactions_model.py" line="42"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>LoadingPanel</name>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="66"/>
        <source>Incoming call from</source>
        <translation>来电号码</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="68"/>
        <source>Caller&apos;s number (masked)</source>
        <translation>来电号码（已脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="69"/>
        <location filename="../../ui/customer/pop_state_panels.py" line="81"/>
        <source>Looking up the caller…</source>
        <translation>正在查询来电客户…</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="73"/>
        <source>Looking up the caller</source>
        <translation>正在查询来电客户</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="49"/>
        <source>Sign in to AgentDesk</source>
        <translation>登录 AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="54"/>
        <source>AgentDesk</source>
        <translation>AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="55"/>
        <source>Contact center agent workstation</source>
        <translation>客户服务中心座席工作台</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="59"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="61"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="64"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="69"/>
        <source>&amp;Server address:</source>
        <translation>服务器地址(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="70"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="71"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="75"/>
        <source>Sign-in problem</source>
        <translation>登录问题</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="81"/>
        <source>Sign-in notice</source>
        <translation>登录提示</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="89"/>
        <source>Signing in</source>
        <translation>正在登录</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="90"/>
        <location filename="../../ui/shell/login_dialog.py" line="195"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="99"/>
        <location filename="../../ui/shell/login_dialog.py" line="102"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="103"/>
        <source>Sign in (Enter)</source>
        <translation>登录 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="104"/>
        <location filename="../../ui/shell/login_dialog.py" line="105"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="106"/>
        <source>Close without signing in (Esc)</source>
        <translation>不登录并关闭 (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="134"/>
        <source>You can still work: unlock offline with the password of your last online sign-in on this computer (within %1 hours). Your changes wait here and are sent when the server answers.</source>
        <translation>您仍可继续工作：使用本机上次在线登录的密码离线解锁（%1 小时内有效）。您的变更会保存在本机，待服务器恢复响应后同步。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="141"/>
        <source>Unlock &amp;offline</source>
        <translation>离线解锁(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="143"/>
        <source>Unlock offline</source>
        <translation>离线解锁</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="145"/>
        <source>Work offline with the password of your last online sign-in (Alt+O)</source>
        <translation>使用上次在线登录的密码离线工作 (Alt+O)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="168"/>
        <source>Resuming your session…</source>
        <translation>正在恢复您的会话…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="188"/>
        <source>Enter the server address, your user name and password.</source>
        <translation>请输入服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="238"/>
        <source>Enter your user name and password to unlock offline.</source>
        <translation>请输入用户名和密码以离线解锁。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="242"/>
        <source>Unlocking offline…</source>
        <translation>正在离线解锁…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/shell/main_window.py" line="52"/>
        <source>AgentDesk</source>
        <translation>AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="83"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="85"/>
        <source>Sign out of AgentDesk</source>
        <translation>退出 AgentDesk 登录</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="89"/>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="89"/>
        <source>Quit AgentDesk</source>
        <translation>退出 AgentDesk</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="93"/>
        <source>&amp;Simulate incoming call</source>
        <translation>模拟来电(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="95"/>
        <source>Ask the demo backend to offer a call to you</source>
        <translation>请演示后台向您分配一通来电</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="103"/>
        <source>&amp;Dark theme</source>
        <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="105"/>
        <source>Switch between light and dark</source>
        <translation>在浅色与深色主题之间切换</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="113"/>
        <source>&amp;About AgentDesk</source>
        <translation>关于 AgentDesk(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="115"/>
        <source>Version and support information</source>
        <translation>版本与支持信息</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="121"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="127"/>
        <source>&amp;Call</source>
        <translation>通话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="134"/>
        <source>Cu&amp;stomer</source>
        <translation>客户(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="137"/>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="140"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="142"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="152"/>
        <source>Changes needing attention</source>
        <translation>待处理的变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="165"/>
        <source>Signed-in agent</source>
        <translation>当前登录座席</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="167"/>
        <source>Sign-in not kept</source>
        <translation>未保留登录状态</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="181"/>
        <source>Agent: %1 (%2)</source>
        <translation>座席：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="191"/>
        <source>Sign-in not kept: no secure password store on this computer</source>
        <translation>未保留登录状态：本机没有安全的密码存储</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="195"/>
        <source>AgentDesk stores your sign-in only in the system keyring, never in a file. You will need to sign in again next time; ask IT to enable the keyring.</source>
        <translation>AgentDesk 只在系统密钥环中保存登录凭据，绝不写入文件。下次您需要重新登录；请联系 IT 启用密钥环。</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Language and theme</source>
        <translation>界面语言和主题</translation>
    </message>
</context>
<context>
    <name>OffersModel</name>
    <message>
        <source>Why</source>
        <translation>推荐理由</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="58"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="62"/>
        <source>Code</source>
        <translation>产品代码</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="66"/>
        <source>Risk level</source>
        <translation>产品风险等级</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="71"/>
        <source>Suitability</source>
        <translation>适当性</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="73"/>
        <source>Suitable</source>
        <translation>适当</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="75"/>
        <source>Not suitable</source>
        <translation>不适当</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="80"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>OffersPanel</name>
    <message>
        <source>Offers are made on a call with the customer</source>
        <translation>产品推荐须在与客户通话时进行</translation>
    </message>
    <message>
        <source>Set aside: %1</source>
        <translation>未推荐：%1</translation>
    </message>
    <message>
        <source>%1 products suit this customer, best first.</source>
        <translation>有 %1 个产品适合此客户，按推荐顺序排列。</translation>
    </message>
    <message>
        <source>Ranking the offers…</source>
        <translation>正在排序推荐产品…</translation>
    </message>
    <message>
        <source>Customer&apos;s answer: %1</source>
        <translation>客户意向：%1</translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>暂不考虑(&amp;N)</translation>
    </message>
    <message>
        <source>D&amp;eclined</source>
        <translation>已拒绝(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Accepted</source>
        <translation>已接受(&amp;A)</translation>
    </message>
    <message>
        <source>Run the product&apos;s script: suitability gate, then the risk disclosure</source>
        <translation>运行产品话术：先做适当性检查，再进行风险揭示</translation>
    </message>
    <message>
        <source>&amp;Make this offer</source>
        <translation>推荐此产品(&amp;M)</translation>
    </message>
    <message>
        <source>No product suits this customer now</source>
        <translation>目前没有适合此客户的产品</translation>
    </message>
    <message>
        <source>Next-best offers</source>
        <translation>推荐产品</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="110"/>
        <source>Offers and suitability</source>
        <translation>产品推荐与适当性</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="112"/>
        <source>No products on the shelf</source>
        <translation>暂无在售产品</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="124"/>
        <source>Offers are not available.</source>
        <translation>暂无法获取产品推荐。</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="126"/>
        <source>Checking suitability…</source>
        <translation>正在进行适当性检查…</translation>
    </message>
    <message>
        <location filename="../../ui/customer/offers_panel.py" line="138"/>
        <source>%1 of %2 products may be offered to this customer.</source>
        <translation>%2 个产品中有 %1 个可向该客户推荐。</translation>
    </message>
</context>
<context>
    <name>PopErrorPanel</name>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="113"/>
        <source>The caller could not be looked up</source>
        <translation>无法查询来电客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="116"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="117"/>
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="119"/>
        <source>Look the caller up again (Alt+T)</source>
        <translation>重新查询来电客户 (Alt+T)</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="56"/>
        <source>Find a customer</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="62"/>
        <source>Name, pinyin, CIF number or phone</source>
        <translation>姓名、拼音、客户号或电话</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="63"/>
        <source>Search customers</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="68"/>
        <source>Search results</source>
        <translation>查找结果</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="70"/>
        <source>Type to search</source>
        <translation>输入即可查找</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="73"/>
        <source>Search status</source>
        <translation>查找状态</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="74"/>
        <source>&amp;Search</source>
        <translation>查找(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="106"/>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customer/search_dialog.py" line="134"/>
        <source>%n customer(s) found</source>
        <translation>
            <numerusform>找到 %n 位客户</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="33"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="34"/>
        <source>CIF number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="36"/>
        <source>Tier</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <location filename="../../ui/customer/search_dialog.py" line="39"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/shell/settings_dialog.py" line="46"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/shell/settings_dialog.py" line="52"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../ui/shell/settings_dialog.py" line="59"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../ui/shell/settings_dialog.py" line="60"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../ui/shell/settings_dialog.py" line="61"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../ui/shell/settings_dialog.py" line="77"/>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/settings_dialog.py" line="78"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/settings_dialog.py" line="91"/>
        <source>The language changes the next time AgentDesk starts.</source>
        <translation>界面语言将在下次启动 AgentDesk 时生效。</translation>
    </message>
</context>
<context>
    <name>SoftphoneBar</name>
    <message>
        <source>Service level %1</source>
        <translation>服务水平 %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="63"/>
        <location filename="../../ui/desk/softphone_bar.py" line="64"/>
        <source>Softphone</source>
        <translation>软电话</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="80"/>
        <source>&amp;Ready</source>
        <translation>就绪(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="82"/>
        <source>Take calls</source>
        <translation>开始接听来电</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="87"/>
        <source>&amp;Not ready…</source>
        <translation>未就绪(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="89"/>
        <source>Stop taking calls, with a reason</source>
        <translation>暂停接听来电（需选择原因）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="92"/>
        <source>Not ready</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="93"/>
        <source>Not-ready reason</source>
        <translation>未就绪原因</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="101"/>
        <source>&amp;Log out of the phone</source>
        <translation>签出话机(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="103"/>
        <source>Stop taking calls and leave the queues</source>
        <translation>停止接听并退出所有队列</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="108"/>
        <source>&amp;Answer</source>
        <translation>接听(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="110"/>
        <source>Answer the ringing call</source>
        <translation>接听振铃中的来电</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="115"/>
        <source>Answer the ringing call (F5 or Ctrl+Enter)</source>
        <translation>接听振铃中的来电（F5 或 Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="118"/>
        <location filename="../../ui/desk/softphone_bar.py" line="217"/>
        <source>&amp;Hold</source>
        <translation>保持(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="120"/>
        <source>Put the caller on hold, or take them off hold</source>
        <translation>保持通话，或恢复通话</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="126"/>
        <source>&amp;Transfer…</source>
        <translation>转接(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="135"/>
        <source>Transfer the caller to another queue or to an agent</source>
        <translation>将来电转接到其他队列或座席</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="132"/>
        <source>Transfer to</source>
        <translation>转接到</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="133"/>
        <source>Transfer to queue</source>
        <translation>转接到队列</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="141"/>
        <source>Transfer to &amp;agent</source>
        <translation>转接给座席(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="142"/>
        <source>Transfer to agent</source>
        <translation>转接给座席</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="136"/>
        <source>Hang &amp;up</source>
        <translation>挂断(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="138"/>
        <source>End the call and start wrap-up</source>
        <translation>结束通话并进入话后整理</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="144"/>
        <source>&amp;Wrap up…</source>
        <translation>话后整理(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="146"/>
        <source>Record the wrap-up code and notes of the call</source>
        <translation>记录本次通话的小结代码和备注</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="152"/>
        <source>Agent state</source>
        <translation>座席状态</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="153"/>
        <source>Agent state: Ready (F9), Not ready (Shift+F9)</source>
        <translation>座席状态：就绪（F9），未就绪（Shift+F9）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="163"/>
        <source>Call state</source>
        <translation>通话状态</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="165"/>
        <source>Caller&apos;s number (masked)</source>
        <translation>来电号码（脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="167"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="204"/>
        <source>(then %1)</source>
        <translation>（通话后转为%1）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="217"/>
        <source>&amp;Resume</source>
        <translation>恢复通话(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="229"/>
        <location filename="../../ui/desk/softphone_bar.py" line="255"/>
        <source>Queue: %1</source>
        <translation>队列：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="241"/>
        <location filename="../../ui/desk/softphone_bar.py" line="251"/>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="242"/>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="243"/>
        <source>Caller on hold</source>
        <translation>通话保持中</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="244"/>
        <source>Wrap-up</source>
        <translation>话后整理</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="246"/>
        <source>No call</source>
        <translation>无通话</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="343"/>
        <source>Loading queues…</source>
        <translation>正在加载队列…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="352"/>
        <source>No other queue</source>
        <translation>没有其他队列</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="386"/>
        <source>Loading agents…</source>
        <translation>正在加载座席…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/softphone_bar.py" line="404"/>
        <source>No agent is ready</source>
        <translation>没有就绪的座席</translation>
    </message>
    <message>
        <source>Service level of your queue</source>
        <translation>您所在队列的服务水平</translation>
    </message>
    <message>
        <source>Set not ready by %1: %2</source>
        <translation>%1 已将您置为未就绪：%2</translation>
    </message>
    <message>
        <source>Logged out by %1</source>
        <translation>已被 %1 签出话务</translation>
    </message>
    <message>
        <source>(set by %1)</source>
        <translation>（由 %1 设置）</translation>
    </message>
    <message>
        <source>%1 service level %2</source>
        <translation>%1 服务水平 %2</translation>
    </message>
</context>
<context>
    <name>Suitability</name>
    <message>
        <location filename="../../ui/customer/suitability_text.py" line="29"/>
        <source>Product risk %1 is above the customer&apos;s risk profile %2</source>
        <translation>产品风险等级 %1 高于客户风险承受能力等级 %2</translation>
    </message>
    <message>
        <location filename="../../ui/customer/suitability_text.py" line="38"/>
        <source>Risk assessment expired on %1</source>
        <translation>风险测评已于 %1 过期</translation>
    </message>
    <message>
        <location filename="../../ui/customer/suitability_text.py" line="42"/>
        <source>No risk assessment on file</source>
        <translation>客户尚无风险测评</translation>
    </message>
    <message>
        <location filename="../../ui/customer/suitability_text.py" line="46"/>
        <source>Risk assessment date %1 is in the future; have it corrected</source>
        <translation>风险测评日期 %1 晚于今天，请更正</translation>
    </message>
</context>
<context>
    <name>SyncProblemsPanel</name>
    <message>
        <source>The server refused the value of %1: it cannot be stored. Discard this change and enter it again; your other changes were sent.</source>
        <translation>服务器拒收了“%1”的值：无法保存。请放弃此更改后重新录入；您的其他更改已发送。</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Wrap-up code</source>
        <translation>小结代码</translation>
    </message>
    <message>
        <source>Due time</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>End time</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>来电原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="42"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="43"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="44"/>
        <source>Category</source>
        <translation>投诉类别</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="45"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="46"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="47"/>
        <source>Desired outcome</source>
        <translation>客户诉求</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="48"/>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="49"/>
        <source>Team</source>
        <translation>处理团队</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="56"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="81"/>
        <source>Ticket %1 update</source>
        <translation>投诉工单 %1 的修改</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="85"/>
        <source>New complaint ticket: %1</source>
        <translation>新建投诉工单：%1</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="89"/>
        <source>Wrap-up of the contact at %1</source>
        <translation>%1 接触记录的话后小结</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="93"/>
        <source>Follow-up task due %1</source>
        <translation>回访任务（到期 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="96"/>
        <source>Change %1</source>
        <translation>变更 %1</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="104"/>
        <source>Someone else changed the same fields after you started editing. Choose which values to keep; the other fields were merged already.</source>
        <translation>在您开始编辑后，其他人修改了相同的字段。请选择保留哪一方的值；其余字段已自动合并。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="112"/>
        <source>The server did not accept this change.</source>
        <translation>服务器未接受该变更。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="248"/>
        <source>Changes needing attention</source>
        <translation>待处理的变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="256"/>
        <source>These changes were saved on this computer but the server did not take them. They stay here until you choose what happens to each.</source>
        <translation>以下变更已保存在本机，但服务器未接受。它们会一直保留在这里，直到您逐项作出选择。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="263"/>
        <source>No changes need your attention. Everything you saved was sent.</source>
        <translation>没有需要您处理的变更。您保存的内容均已同步。</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="96"/>
        <source>Sync &amp;now</source>
        <translation>立即同步(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="98"/>
        <source>Send the changes waiting and fetch what changed on the server</source>
        <translation>发送待同步变更，并获取服务器上的更新</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="104"/>
        <source>Changes needing &amp;attention…</source>
        <translation>待处理的变更(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="106"/>
        <source>Show the saved changes the server did not take, and resolve them</source>
        <translation>查看服务器未接受的已保存变更并进行处理</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="116"/>
        <source>Synchronisation progress</source>
        <translation>同步进度</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="126"/>
        <source>Changes needing attention</source>
        <translation>待处理的变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="129"/>
        <source>Open the list of changes to resolve (%1)</source>
        <translation>打开待处理变更列表（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="137"/>
        <source>Offline changes not kept</source>
        <translation>离线变更不会保留</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="139"/>
        <source>Unsent changes are lost at exit: enable the system keyring</source>
        <translation>未同步的变更在退出时会丢失：请启用系统密钥环</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="143"/>
        <source>This computer has no secure keyring, so AgentDesk keeps the changes you save only until it closes: anything not yet sent to the server is lost at exit. To fix it, install and unlock a system keyring (Windows Credential Manager, macOS Keychain, or GNOME Keyring or KWallet on Linux) and restart AgentDesk.</source>
        <translation>本机没有安全的密钥环，AgentDesk 只能将您保存的变更保留到程序关闭：尚未发送到服务器的内容会在退出时丢失。解决方法：安装并解锁系统密钥环（Windows 凭据管理器、macOS 钥匙串，或 Linux 上的 GNOME Keyring / KWallet），然后重新启动 AgentDesk。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="190"/>
        <source>Synchronising customers… %1%</source>
        <translation>正在同步客户数据… %1%</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="190"/>
        <source>Building the customer search index… %1%</source>
        <translation>正在建立客户检索索引… %1%</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="205"/>
        <source>1 change needs your attention</source>
        <translation>1 项变更需要您处理</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="208"/>
        <source>%1 changes need your attention</source>
        <translation>%1 项变更需要您处理</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="249"/>
        <source>A change you saved conflicts with someone else&apos;s: choose which to keep (%1).</source>
        <translation>您保存的一项变更与他人的修改冲突：请选择保留哪一方（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="253"/>
        <source>The server did not accept a change you saved: see why and discard it (%1).</source>
        <translation>服务器未接受您保存的一项变更：请查看原因并放弃该变更（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="264"/>
        <source>Synchronising…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="272"/>
        <source>Synchronised: the server has your changes and you have its.</source>
        <translation>同步完成：您的变更已发送，服务器的更新也已获取。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_status_widget.py" line="275"/>
        <source>The server could not be reached. Your changes wait on this computer and are sent when it answers.</source>
        <translation>无法连接服务器。您的变更保存在本机，待服务器恢复响应后同步。</translation>
    </message>
</context>
<context>
    <name>TasksModel</name>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="25"/>
        <source>Callback</source>
        <translation>回呼</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="26"/>
        <source>Care call</source>
        <translation>关怀回访</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="33"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="35"/>
        <source>Open (waiting to sync)</source>
        <translation>待处理（待同步）</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="36"/>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="45"/>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="50"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="52"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="53"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="55"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>TasksPanel</name>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="85"/>
        <source>Follow-up tasks</source>
        <translation>回访任务</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tasks_panel.py" line="87"/>
        <source>No follow-up tasks</source>
        <translation>暂无回访任务</translation>
    </message>
</context>
<context>
    <name>TicketsModel</name>
    <message>
        <location filename="../../ui/customer/tickets_model.py" line="34"/>
        <source>Reference</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tickets_model.py" line="37"/>
        <source>Category</source>
        <translation>投诉类别</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tickets_model.py" line="41"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tickets_model.py" line="46"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tickets_model.py" line="50"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tickets_model.py" line="54"/>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../ui/customer/tickets_model.py" line="58"/>
        <source>Due</source>
        <translation>处理时限</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../../ui/customer/timeline_model.py" line="71"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_model.py" line="75"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_model.py" line="78"/>
        <source>Agent</source>
        <translation>座席</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_model.py" line="79"/>
        <source>Reason</source>
        <translation>来电原因</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_model.py" line="81"/>
        <source>Wrap-up code</source>
        <translation>小结代码</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_model.py" line="84"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_model.py" line="182"/>
        <source>(waiting to sync) %1</source>
        <translation>（待同步）%1</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="35"/>
        <source>Channel filter</source>
        <translation>按渠道筛选</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="36"/>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="40"/>
        <source>Filter by notes, reason, code or agent</source>
        <translation>按备注、原因、小结代码或座席筛选</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="41"/>
        <source>Text filter</source>
        <translation>文字筛选</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="44"/>
        <source>Matching interactions</source>
        <translation>符合条件的接触记录</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="47"/>
        <source>Interaction timeline</source>
        <translation>历史接触记录</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="49"/>
        <source>No interactions match</source>
        <translation>没有符合条件的接触记录</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="58"/>
        <source>C&amp;hannel</source>
        <translation>渠道(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/timeline_panel.py" line="60"/>
        <source>&amp;Filter</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customer/timeline_panel.py" line="104"/>
        <source>%n interaction(s)</source>
        <translation>
            <numerusform>%n 条接触记录</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnknownCallerPanel</name>
    <message>
        <source>Keep the caller with their name; linked when a customer matches (Alt+P)</source>
        <translation>按姓名保存来电人；与客户匹配后自动关联（Alt+P）</translation>
    </message>
    <message>
        <source>Create a &amp;provisional contact…</source>
        <translation>创建临时客户记录(&amp;P)…</translation>
    </message>
    <message>
        <source>Find the customer; the number is kept as theirs, to verify later (Alt+L)</source>
        <translation>查找客户；此号码将记为其待核验号码（Alt+L）</translation>
    </message>
    <message>
        <source>&amp;Link this number to a customer…</source>
        <translation>将此号码关联到客户(&amp;L)…</translation>
    </message>
    <message>
        <source>Search customers by this number (Alt+S)</source>
        <translation>按此号码查找客户（Alt+S）</translation>
    </message>
    <message>
        <source>&amp;Search for the caller</source>
        <translation>查找来电客户(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="88"/>
        <source>Unknown caller</source>
        <translation>未识别来电</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="90"/>
        <source>Caller&apos;s number (masked)</source>
        <translation>来电号码（已脱敏）</translation>
    </message>
    <message>
        <location filename="../../ui/customer/pop_state_panels.py" line="93"/>
        <source>No customer has this number. Ask for the caller&apos;s name and ID number to find them, or handle the call as a new contact.</source>
        <translation>没有客户登记此号码。请询问来电人的姓名和证件号码进行查找，或作为新接触处理。</translation>
    </message>
</context>
<context>
    <name>VerificationBanner</name>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="45"/>
        <source>Checking verification…</source>
        <translation>正在查询核验状态…</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="50"/>
        <source>IVR-verified</source>
        <translation>已通过 IVR 核验</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="51"/>
        <source>Verified (%1)</source>
        <translation>已核验（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="56"/>
        <source>Verification locked until %1 after failed attempts</source>
        <translation>核验失败次数过多，已锁定至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="59"/>
        <source>Not verified — sensitive details locked</source>
        <translation>未核验 — 敏感信息已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="75"/>
        <source>Identity verification</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="85"/>
        <source>Verification status</source>
        <translation>核验状态</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="88"/>
        <source>&amp;Verify caller…</source>
        <translation>核验身份(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="90"/>
        <source>Verify the caller&apos;s identity</source>
        <translation>核验来电客户的身份</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="96"/>
        <source>Verify caller</source>
        <translation>核验身份</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="98"/>
        <location filename="../../ui/customer/verification_banner.py" line="110"/>
        <source>Unmask</source>
        <translation>查看明文</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="99"/>
        <source>Field to unmask</source>
        <translation>要查看明文的信息</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="102"/>
        <source>&amp;Unmask…</source>
        <translation>查看明文(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="104"/>
        <source>Show one masked detail in clear for 30 seconds (audited)</source>
        <translation>显示一项脱敏信息的明文 30 秒（将记录审计）</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="113"/>
        <source>Unmasked value</source>
        <translation>明文信息</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="197"/>
        <source>Phone %1</source>
        <translation>电话 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="199"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="201"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="204"/>
        <source>Account %1</source>
        <translation>账户 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="207"/>
        <source>Card %1</source>
        <translation>卡片 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="227"/>
        <source>Not verified — status unavailable: %1</source>
        <translation>未核验 — 无法获取核验状态：%1</translation>
    </message>
    <message>
        <location filename="../../ui/customer/verification_banner.py" line="267"/>
        <source>%1: %2 (hidden again in %3 s)</source>
        <translation>%1：%2（%3 秒后重新脱敏）</translation>
    </message>
</context>
<context>
    <name>VerificationDialog</name>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="58"/>
        <source>Verify the caller — %1</source>
        <translation>核验来电客户身份 — %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="65"/>
        <source>Verification method</source>
        <translation>核验方式</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="66"/>
        <source>&amp;Knowledge questions</source>
        <translation>身份问题(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="67"/>
        <source>&amp;One-time code</source>
        <translation>短信验证码(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="70"/>
        <source>Verification result</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="74"/>
        <source>&amp;Verify</source>
        <translation>核验(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="77"/>
        <source>Check the answers or the code (Enter)</source>
        <translation>核对答案或验证码（Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="85"/>
        <source>Ask the caller. Two of the three answers must be right; every attempt is recorded, and repeated failures lock verification for a while.</source>
        <translation>请询问来电客户。三个问题需答对两个；每次核验都会记录，多次失败将暂时锁定核验。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="104"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="106"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="112"/>
        <source>Full ID number</source>
        <translation>完整证件号码</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="117"/>
        <source>Email address on file</source>
        <translation>预留电子邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="118"/>
        <source>&amp;Birth date</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="119"/>
        <source>Full &amp;ID number</source>
        <translation>完整证件号码(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="120"/>
        <source>&amp;Email on file</source>
        <translation>预留邮箱(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="126"/>
        <source>&amp;Send code</source>
        <translation>发送验证码(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="127"/>
        <source>Send a one-time code to the customer&apos;s phone</source>
        <translation>向客户手机发送一次性验证码</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="136"/>
        <source>Code the caller reads out</source>
        <translation>客户读出的验证码</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="138"/>
        <source>&amp;Code</source>
        <translation>验证码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="157"/>
        <source>The ID number answer needs the whole number.</source>
        <translation>证件号码需填写完整号码。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="159"/>
        <source>Enter at least two of the three answers.</source>
        <translation>请至少填写三个问题中的两个。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="176"/>
        <source>The code has 6 digits.</source>
        <translation>验证码为 6 位数字。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="204"/>
        <source>Code sent to %1. Ask the caller to read it out.</source>
        <translation>验证码已发送至 %1，请客户读出验证码。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="209"/>
        <source>(Demo: the code is %1.)</source>
        <translation>（演示：验证码为 %1。）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="241"/>
        <source>The code is not right.</source>
        <translation>验证码不正确。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/verification_dialog.py" line="243"/>
        <source>%n more tries on this code.</source>
        <translation>
            <numerusform>此验证码还可尝试 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="245"/>
        <source>The code has expired. Send a new one.</source>
        <translation>验证码已过期，请重新发送。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="247"/>
        <source>No code is waiting. Send a code first.</source>
        <translation>尚未发送验证码，请先发送。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="249"/>
        <source>The answers do not match.</source>
        <translation>答案不匹配。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/verification_dialog.py" line="252"/>
        <source>%n attempt(s) left before verification is locked.</source>
        <translation>
            <numerusform>再失败 %n 次将锁定核验。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/verification_dialog.py" line="259"/>
        <source>Verification is locked until %1 after too many failed attempts. Offer a callback, or ask your supervisor.</source>
        <translation>核验失败次数过多，已锁定至 %1。可为客户预约回呼，或联系班组长。</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="38"/>
        <source>Mass</source>
        <translation>大众客户</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="39"/>
        <source>Gold</source>
        <translation>金卡客户</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="40"/>
        <source>Platinum</source>
        <translation>白金客户</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="41"/>
        <source>Private banking</source>
        <translation>私人银行客户</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="50"/>
        <source>Vulnerable customer</source>
        <translation>特殊关爱客户</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="51"/>
        <source>Fraud watch</source>
        <translation>欺诈监控</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="52"/>
        <source>Open complaint</source>
        <translation>投诉处理中</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="53"/>
        <source>Bereavement</source>
        <translation>丧亲关怀</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="54"/>
        <source>VIP service note</source>
        <translation>贵宾服务提示</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="63"/>
        <source>Phone (inbound)</source>
        <translation>电话呼入</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="64"/>
        <source>Phone (outbound)</source>
        <translation>电话外呼</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="65"/>
        <source>Web chat</source>
        <translation>网页在线客服</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="66"/>
        <source>Mobile app</source>
        <translation>手机银行</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="67"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="68"/>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="69"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="70"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="79"/>
        <source>Current</source>
        <translation>活期</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="80"/>
        <source>Savings</source>
        <translation>储蓄</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="81"/>
        <source>Time deposit</source>
        <translation>定期存款</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="90"/>
        <source>Debit card</source>
        <translation>借记卡</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="91"/>
        <source>Credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="100"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="101"/>
        <source>Blocked</source>
        <translation>已止付</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="102"/>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="103"/>
        <source>Reported lost</source>
        <translation>已挂失</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="104"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="105"/>
        <location filename="../../ui/kit/vocabulary.py" line="131"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="114"/>
        <source>Mortgage</source>
        <translation>住房按揭贷款</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="115"/>
        <source>Consumer loan</source>
        <translation>个人消费贷款</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="116"/>
        <source>Business loan</source>
        <translation>个人经营贷款</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="117"/>
        <source>Car loan</source>
        <translation>汽车贷款</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="126"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="127"/>
        <source>Acknowledged</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="128"/>
        <source>Investigating</source>
        <translation>调查中</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="129"/>
        <source>Pending customer</source>
        <translation>待客户反馈</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="130"/>
        <location filename="../../ui/kit/vocabulary.py" line="227"/>
        <source>Resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="140"/>
        <source>Fees</source>
        <translation>收费</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="141"/>
        <source>Cards</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="142"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="143"/>
        <source>Wealth mis-selling</source>
        <translation>理财销售误导</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="144"/>
        <source>Service attitude</source>
        <translation>服务态度</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="145"/>
        <source>Digital channel</source>
        <translation>电子渠道</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="146"/>
        <source>Fraud / dispute</source>
        <translation>欺诈 / 争议交易</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="147"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="156"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="157"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="158"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="167"/>
        <source>Offline for calls</source>
        <translation>话务离线</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="168"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="169"/>
        <source>Not ready</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="170"/>
        <source>Ringing</source>
        <translation>振铃</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="171"/>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="172"/>
        <source>On hold</source>
        <translation>保持</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="173"/>
        <source>Wrap-up</source>
        <translation>话后整理</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="182"/>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="183"/>
        <source>Lunch</source>
        <translation>用餐</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="184"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="185"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="186"/>
        <source>Coaching</source>
        <translation>辅导</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="187"/>
        <source>Callbacks and care calls</source>
        <translation>回呼和关怀回访</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="188"/>
        <source>Extended after-call work</source>
        <translation>延长话后整理</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="191"/>
        <source>System issue</source>
        <translation>系统故障</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="192"/>
        <source>Missed call</source>
        <translation>未接来电</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="201"/>
        <source>IVR PIN</source>
        <translation>IVR 密码</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="202"/>
        <source>knowledge questions</source>
        <translation>身份问题</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="203"/>
        <source>one-time code</source>
        <translation>短信验证码</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="228"/>
        <source>Information given</source>
        <translation>已告知信息</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="229"/>
        <source>Follow-up needed</source>
        <translation>需回访</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="230"/>
        <source>Complaint logged</source>
        <translation>已登记投诉</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="231"/>
        <source>Transferred</source>
        <translation>已转接</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="232"/>
        <source>Card blocked</source>
        <translation>已冻结卡片</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="233"/>
        <source>Document or code sent</source>
        <translation>已发送文件或验证码</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="234"/>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <location filename="../../ui/kit/vocabulary.py" line="235"/>
        <source>Wrong number</source>
        <translation>打错电话</translation>
    </message>
    <message>
        <source>Retail banking</source>
        <translation>零售银行</translation>
    </message>
    <message>
        <source>Wealth management</source>
        <translation>财富管理</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
</context>
<context>
    <name>WrapUpDialog</name>
    <message>
        <source>%1: not valid.</source>
        <translation>%1：无效。</translation>
    </message>
    <message>
        <source>%1: out of range.</source>
        <translation>%1：超出范围。</translation>
    </message>
    <message>
        <source>%1: too long. Shorten it and save again.</source>
        <translation>%1：内容过长。请缩短后重新保存。</translation>
    </message>
    <message>
        <source>%1: a character here cannot be saved (a NUL or a broken Unicode character). Remove it and save again.</source>
        <translation>%1：含有无法保存的字符（NUL 或损坏的 Unicode 字符）。请删除后重新保存。</translation>
    </message>
    <message>
        <source>Callback time</source>
        <translation>回拨时间</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="89"/>
        <source>Wrap-up</source>
        <translation>话后整理</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="96"/>
        <source>Caller not identified</source>
        <translation>未识别的来电客户</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="97"/>
        <source>Wrap-up of the call with %1</source>
        <translation>与 %1 通话的话后整理</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="100"/>
        <source>Wrap-up code</source>
        <translation>小结代码</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="101"/>
        <source>Choose a wrap-up code…</source>
        <translation>请选择小结代码…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="105"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="107"/>
        <source>What the customer wanted and what was done</source>
        <translation>客户诉求及处理情况</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="108"/>
        <source>Schedule a &amp;follow-up callback</source>
        <translation>预约回访回呼(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="109"/>
        <source>Schedule a follow-up callback</source>
        <translation>预约回访回呼</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="111"/>
        <source>Callback due</source>
        <translation>回呼时间</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="118"/>
        <source>Callback note</source>
        <translation>回呼备注</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="119"/>
        <source>What to follow up</source>
        <translation>需跟进的事项</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="124"/>
        <source>Callbacks cannot be scheduled here</source>
        <translation>此处无法预约回呼</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="131"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="134"/>
        <source>Save the wrap-up (Ctrl+Enter)</source>
        <translation>保存话后整理记录（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="136"/>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="139"/>
        <source>Close and finish the wrap-up later (Esc; Ctrl+Shift+W reopens it)</source>
        <translation>关闭，稍后再完成话后整理（Esc；按 Ctrl+Shift+W 重新打开）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="147"/>
        <source>Wrap-up &amp;code</source>
        <translation>小结代码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="148"/>
        <source>&amp;Notes</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="150"/>
        <source>Callback &amp;due</source>
        <translation>回呼时间(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="151"/>
        <source>Callback n&amp;ote</source>
        <translation>回呼备注(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="167"/>
        <source>Choose a wrap-up code first.</source>
        <translation>请先选择小结代码。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="174"/>
        <source>The callback time is in the past.</source>
        <translation>回呼时间早于当前时间。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/wrap_up_dialog.py" line="198"/>
        <source>The wrap-up was not saved: %1</source>
        <translation>话后整理记录未保存：%1</translation>
    </message>
    <message>
        <source>A callback needs the customer: identify the caller first</source>
        <translation>预约回呼需要先识别来电客户</translation>
    </message>
    <message>
        <source>A callback needs the customer: identify the caller first.</source>
        <translation>预约回呼需要先识别来电客户。</translation>
    </message>
    <message>
        <source>Scripts on this call:</source>
        <translation>本通电话的话术脚本：</translation>
    </message>
    <message>
        <source>waiting for the disclosure “%1”</source>
        <translation>等待宣读“%1”</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>已中止</translation>
    </message>
    <message>
        <source>not finished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>a script of this call</source>
        <translation>本通电话的话术脚本</translation>
    </message>
    <message>
        <source>Not saved: a disclosure has not been read to the customer yet (%1). Read it and acknowledge it in the script, or abandon the script with a reason.</source>
        <translation>未保存：尚有告知内容未向客户宣读（%1）。请在话术脚本中宣读并确认，或填写原因后中止该脚本。</translation>
    </message>
</context>
<context>
    <name>_ProblemCard</name>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="133"/>
        <source>Saved %1</source>
        <translation>保存于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="146"/>
        <source>The server said: %1</source>
        <translation>服务器返回：%1</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="160"/>
        <source>Problem with this choice</source>
        <translation>该操作出现问题</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="169"/>
        <source>&amp;Keep mine</source>
        <translation>保留我的(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="170"/>
        <source>Send your values again over the server&apos;s current version</source>
        <translation>以服务器当前版本为基础，重新发送您的值</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="173"/>
        <source>&amp;Take theirs</source>
        <translation>采用对方的(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="174"/>
        <source>Drop your values; the server&apos;s record stands</source>
        <translation>放弃您的值，以服务器上的记录为准</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="177"/>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="178"/>
        <source>Drop this change; it is not sent again</source>
        <translation>放弃该变更，不再发送</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="197"/>
        <source>Conflicting fields</source>
        <translation>冲突字段</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="202"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="202"/>
        <source>Yours</source>
        <translation>您的值</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="202"/>
        <source>Theirs</source>
        <translation>对方的值</translation>
    </message>
    <message>
        <location filename="../../ui/shell/sync_problems_panel.py" line="205"/>
        <source>Before either change: %1</source>
        <translation>修改前：%1</translation>
    </message>
</context>
<context>
    <name>FlowPanel</name>
    <message>
        <source>I have read this to the customer (Ctrl+Shift+A)</source>
        <translation>我已向客户宣读（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <source>Call script</source>
        <translation>通话话术</translation>
    </message>
    <message>
        <source>Scripts for the call appear here when a call comes in.</source>
        <translation>来电时，这里会显示适用于本通电话的话术脚本。</translation>
    </message>
    <message>
        <source>Suggested for this call</source>
        <translation>本通电话推荐</translation>
    </message>
    <message>
        <source>No script fits this call.</source>
        <translation>没有适用于本通电话的话术脚本。</translation>
    </message>
    <message>
        <source>All scripts… (Ctrl+L)</source>
        <translation>全部话术脚本…（Ctrl+L）</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Read to the customer</source>
        <translation>已向客户宣读</translation>
    </message>
    <message>
        <source>✓ Read to the customer</source>
        <translation>✓ 已向客户宣读</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Abandon…</source>
        <translation>中止…</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Another script… (Ctrl+L)</source>
        <translation>其他话术脚本…（Ctrl+L）</translation>
    </message>
    <message>
        <source>A script needs a call with an identified customer.</source>
        <translation>话术脚本需要在通话中且已识别客户时使用。</translation>
    </message>
    <message>
        <source>Read the disclosure to the customer and acknowledge it first.</source>
        <translation>请先向客户宣读告知内容并确认。</translation>
    </message>
    <message>
        <source>Abandon the script</source>
        <translation>中止话术脚本</translation>
    </message>
    <message>
        <source>Why is the script abandoned?</source>
        <translation>中止话术脚本的原因？</translation>
    </message>
    <message>
        <source>The disclosure changed on screen: read it again and acknowledge.</source>
        <translation>告知内容已变化，请重新宣读后再确认。</translation>
    </message>
    <message>
        <source>Say why the script is abandoned.</source>
        <translation>请说明中止话术脚本的原因。</translation>
    </message>
    <message>
        <source>This step cannot be taken now.</source>
        <translation>当前无法执行此步骤。</translation>
    </message>
    <message>
        <source>Open the caller&apos;s profile to see the scripts that fit.</source>
        <translation>请先打开来电客户的资料，查看适用的话术脚本。</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>第一步</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Script abandoned.</source>
        <translation>话术脚本已中止。</translation>
    </message>
    <message>
        <source>Script finished. Proposed wrap-up: %1</source>
        <translation>话术脚本已完成。建议小结代码：%1</translation>
    </message>
    <message>
        <source>Back to the previous step (Alt+←)</source>
        <translation>返回上一步（Alt+←）</translation>
    </message>
    <message>
        <source>Go on to the next step (Enter)</source>
        <translation>进入下一步（Enter）</translation>
    </message>
    <message>
        <source>I have read this text to the customer (Ctrl+Shift+A)</source>
        <translation>我已向客户宣读此内容（Ctrl+Shift+A）</translation>
    </message>
</context>
<context>
    <name>FlowPicker</name>
    <message>
        <source>Start a script</source>
        <translation>开始话术脚本</translation>
    </message>
    <message>
        <source>Type to filter</source>
        <translation>输入关键字筛选</translation>
    </message>
    <message>
        <source>Filter scripts</source>
        <translation>筛选话术脚本</translation>
    </message>
    <message>
        <source>Scripts</source>
        <translation>话术脚本</translation>
    </message>
    <message>
        <source>Loading the scripts…</source>
        <translation>正在读取话术脚本…</translation>
    </message>
    <message>
        <source>Fits this call</source>
        <translation>适用于本通电话</translation>
    </message>
</context>
<context>
    <name>ClockPanel</name>
    <message>
        <source>Answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>Clock events: %1</source>
        <translation>时限事件：%1</translation>
    </message>
    <message>
        <source>Extended: %1</source>
        <translation>已延长：%1</translation>
    </message>
    <message>
        <source>Counted: %1</source>
        <translation>计算：%1</translation>
    </message>
    <message>
        <source>This desk cannot compute the clock of this ticket; the due date is the server&apos;s.</source>
        <translation>本机无法计算此工单的处理时限；到期日以服务器为准。</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>处理时限</translation>
    </message>
</context>
<context>
    <name>ComplaintClock</name>
    <message>
        <source>No answer</source>
        <translation>未答复</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Partly satisfied</source>
        <translation>部分满意</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>No fault found</source>
        <translation>未发现过错</translation>
    </message>
    <message>
        <source>Fraud</source>
        <translation>欺诈</translation>
    </message>
    <message>
        <source>Customer misunderstanding</source>
        <translation>客户误解</translation>
    </message>
    <message>
        <source>Third party</source>
        <translation>第三方</translation>
    </message>
    <message>
        <source>System error</source>
        <translation>系统差错</translation>
    </message>
    <message>
        <source>Process error</source>
        <translation>流程差错</translation>
    </message>
    <message>
        <source>Staff conduct</source>
        <translation>员工行为</translation>
    </message>
    <message>
        <source>Sales suitability</source>
        <translation>销售适当性</translation>
    </message>
    <message>
        <source>Fee disclosure</source>
        <translation>收费告知</translation>
    </message>
    <message>
        <source>Product design</source>
        <translation>产品设计</translation>
    </message>
    <message>
        <source>Final response letter</source>
        <translation>最终答复函</translation>
    </message>
    <message>
        <source>Holding response</source>
        <translation>延期答复</translation>
    </message>
    <message>
        <source>Acknowledgement letter</source>
        <translation>受理告知书</translation>
    </message>
    <message>
        <source>Provisional credit given</source>
        <translation>已临时入账</translation>
    </message>
    <message>
        <source>First response: in progress</source>
        <translation>首次答复：处理中</translation>
    </message>
    <message>
        <source>Further extension (head office)</source>
        <translation>再次延长（总行审批）</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>延长处理期限</translation>
    </message>
    <message>
        <source>New facts (clock restarts)</source>
        <translation>新的事实和理由（重新计时）</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>恢复计时</translation>
    </message>
    <message>
        <source>Paused (outside appraisal)</source>
        <translation>暂停（外部鉴定）</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>overdue by %1</source>
        <translation>已逾期 %1</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>Provisional: the holiday schedule of a year this deadline reaches is not published yet; the date may move when it is.</source>
        <translation>暂定：该时限所涉年份的节假日安排尚未公布，公布后日期可能变动。</translation>
    </message>
    <message>
        <source>moved past a public holiday</source>
        <translation>遇法定节假日顺延</translation>
    </message>
    <message>
        <source>%1 from receipt</source>
        <translation>自收到投诉起 %1</translation>
    </message>
    <message>
        <source>%1 from receipt, with the extension</source>
        <translation>自收到投诉起 %1（含延长）</translation>
    </message>
    <message>
        <source>%1 from the new facts</source>
        <translation>自收到新的事实和理由起 %1</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 日</translation>
    </message>
    <message>
        <source>%1 day</source>
        <translation>%1 日</translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation>%1 周</translation>
    </message>
    <message>
        <source>%1 week</source>
        <translation>%1 周</translation>
    </message>
    <message>
        <source>%1 business days</source>
        <translation>%1 个营业日</translation>
    </message>
    <message>
        <source>%1 business day</source>
        <translation>%1 个营业日</translation>
    </message>
    <message>
        <source>Due by %1</source>
        <translation>须于 %1 前完成</translation>
    </message>
    <message>
        <source>Respond by %1</source>
        <translation>须于 %1 前答复</translation>
    </message>
    <message>
        <source>Resolve by %1</source>
        <translation>须于 %1 前办结</translation>
    </message>
    <message>
        <source>Investigate by %1</source>
        <translation>须于 %1 前完成调查</translation>
    </message>
    <message>
        <source>Final response by %1</source>
        <translation>须于 %1 前最终答复</translation>
    </message>
    <message>
        <source>Summary resolution by %1</source>
        <translation>须于 %1 前简易处理答复</translation>
    </message>
    <message>
        <source>Acknowledge by %1</source>
        <translation>须于 %1 前受理确认</translation>
    </message>
    <message>
        <source>Decide by %1</source>
        <translation>须于 %1 前作出处理决定</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Investigation</source>
        <translation>调查</translation>
    </message>
    <message>
        <source>Final response</source>
        <translation>最终答复</translation>
    </message>
    <message>
        <source>Summary resolution</source>
        <translation>简易处理答复</translation>
    </message>
    <message>
        <source>Acknowledgement</source>
        <translation>受理确认</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <source>%1 working days left</source>
        <translation>剩余 %1 个工作日</translation>
    </message>
    <message>
        <source>%1 working day left</source>
        <translation>剩余 %1 个工作日</translation>
    </message>
    <message>
        <source>Due soon: %1 working days left</source>
        <translation>即将到期：剩余 %1 个工作日</translation>
    </message>
    <message>
        <source>Due soon: %1 working day left</source>
        <translation>即将到期：剩余 %1 个工作日</translation>
    </message>
    <message>
        <source>Overdue by %1 days</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>Overdue by %1 day</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>%1 paused days not counted</source>
        <translation>%1 天暂停不计</translation>
    </message>
    <message>
        <source>%1 paused day not counted</source>
        <translation>%1 天暂停不计</translation>
    </message>
</context>
<context>
    <name>ComplaintsController</name>
    <message>
        <source>Your complaint tickets with their deadlines</source>
        <translation>您的投诉工单及其处理时限</translation>
    </message>
    <message>
        <source>&amp;Complaints</source>
        <translation>投诉工单(&amp;C)</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
</context>
<context>
    <name>ComplaintsModel</name>
    <message>
        <source>Most of the time for this step is used</source>
        <translation>此环节时限已大部分用完</translation>
    </message>
    <message>
        <source>Deadline passed: escalate to your supervisor</source>
        <translation>已超过处理时限：请升级至班组长</translation>
    </message>
    <message>
        <source>Not sent yet</source>
        <translation>待同步</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>工单号</translation>
    </message>
</context>
<context>
    <name>ComplaintsPage</name>
    <message>
        <source>The complaints could not be read: %1</source>
        <translation>无法读取投诉：%1</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉工单</translation>
    </message>
    <message>
        <source>No complaints in this list</source>
        <translation>此列表中没有投诉</translation>
    </message>
    <message>
        <source>Complaint tickets</source>
        <translation>投诉工单</translation>
    </message>
    <message>
        <source>&amp;Breached</source>
        <translation>已超时(&amp;B)</translation>
    </message>
    <message>
        <source>Due &amp;soon</source>
        <translation>即将到期(&amp;S)</translation>
    </message>
    <message>
        <source>My &amp;team</source>
        <translation>本组(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Mine</source>
        <translation>我的(&amp;M)</translation>
    </message>
    <message>
        <source>Complaint lists</source>
        <translation>投诉列表</translation>
    </message>
</context>
<context>
    <name>NewComplaintDialog</name>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1: not valid.</source>
        <translation>%1：无效。</translation>
    </message>
    <message>
        <source>%1: fill this in.</source>
        <translation>%1：请填写。</translation>
    </message>
    <message>
        <source>%1: too long. Shorten it and save again.</source>
        <translation>%1：内容过长，请缩短后重新保存。</translation>
    </message>
    <message>
        <source>%1: a character here cannot be saved. Remove it and save again.</source>
        <translation>%1：含有无法保存的字符，请删除后重新保存。</translation>
    </message>
    <message>
        <source>The complaint was not saved: %1</source>
        <translation>投诉未保存：%1</translation>
    </message>
    <message>
        <source>Say why this complaint follows another regime or type.</source>
        <translation>请说明为何采用其他监管规则或类型。</translation>
    </message>
    <message>
        <source>Summary: write what the complaint is about in a line.</source>
        <translation>摘要：请用一句话说明投诉内容。</translation>
    </message>
    <message>
        <source>Suggested for this customer and category: %1 — %2</source>
        <translation>根据客户和类别建议：%1 — %2</translation>
    </message>
    <message>
        <source>No regime covers this customer&apos;s country: choose one and say why.</source>
        <translation>没有适用于该客户所在国家/地区的监管规则：请选择一项并说明原因。</translation>
    </message>
    <message>
        <source>Reason for the c&amp;hange</source>
        <translation>变更原因(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>投诉类型(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Regime</source>
        <translation>适用监管(&amp;R)</translation>
    </message>
    <message>
        <source>About &amp;branch</source>
        <translation>被投诉网点(&amp;B)</translation>
    </message>
    <message>
        <source>About &amp;agent</source>
        <translation>被投诉座席(&amp;A)</translation>
    </message>
    <message>
        <source>Desired &amp;outcome</source>
        <translation>客户诉求(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>S&amp;ummary</source>
        <translation>摘要(&amp;U)</translation>
    </message>
    <message>
        <source>Se&amp;verity</source>
        <translation>严重程度(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>类别(&amp;C)</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>不保存并关闭 (Esc)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save the complaint, online or not (Ctrl+Enter)</source>
        <translation>保存投诉，在线或离线均可 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>处理时限</translation>
    </message>
    <message>
        <source>Working out the deadline…</source>
        <translation>正在计算处理时限…</translation>
    </message>
    <message>
        <source>Why this complaint follows another regime or type than suggested</source>
        <translation>为何不采用建议的监管规则或类型</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>变更原因</translation>
    </message>
    <message>
        <source>Complaint type</source>
        <translation>投诉类型</translation>
    </message>
    <message>
        <source>Regime</source>
        <translation>适用监管</translation>
    </message>
    <message>
        <source>Branch complained about, if any</source>
        <translation>被投诉的网点（如有）</translation>
    </message>
    <message>
        <source>About branch</source>
        <translation>被投诉网点</translation>
    </message>
    <message>
        <source>User name of the agent complained about</source>
        <translation>被投诉座席的用户名</translation>
    </message>
    <message>
        <source>About agent</source>
        <translation>被投诉座席</translation>
    </message>
    <message>
        <source>What the customer asks for</source>
        <translation>客户希望的处理结果</translation>
    </message>
    <message>
        <source>Desired outcome</source>
        <translation>客户诉求</translation>
    </message>
    <message>
        <source>What happened, in the customer&apos;s words</source>
        <translation>发生了什么（客户原话）</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>What the complaint is about, in a line</source>
        <translation>一句话说明投诉内容</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>with the complaint-intake script&apos;s record</source>
        <translation>附投诉受理话术的流程记录</translation>
    </message>
    <message>
        <source>from the call</source>
        <translation>来自本次通话</translation>
    </message>
    <message>
        <source>Complaint of %1</source>
        <translation>%1的投诉</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>新建投诉</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Write the resolution: what was decided and done.</source>
        <translation>请填写处理结果：作出了什么决定、采取了什么措施。</translation>
    </message>
    <message>
        <source>Choose the root cause to close the complaint.</source>
        <translation>请选择根本原因后再结案。</translation>
    </message>
    <message>
        <source>Customer &amp;satisfaction</source>
        <translation>客户满意度(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Resolution</source>
        <translation>处理结果(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;mediation</source>
        <translation>整改措施(&amp;M)</translation>
    </message>
    <message>
        <source>Root &amp;cause</source>
        <translation>根本原因(&amp;C)</translation>
    </message>
    <message>
        <source>Customer satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>What changes so it does not recur</source>
        <translation>为避免再次发生所做的改进</translation>
    </message>
    <message>
        <source>Remediation</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>Choose the root cause…</source>
        <translation>选择根本原因…</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Close the complaint</source>
        <translation>结案</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Show the ticket</source>
        <translation>查看工单</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Someone else saved this ticket while you were working on it, so your change was not made. This is the ticket as it is now; check it and do your change again if it still applies.</source>
        <translation>在您处理期间，其他人保存了此工单，因此您的修改未生效。以下是工单的当前内容；请核对，如仍需要，请重新修改。</translation>
    </message>
    <message>
        <source>The ticket was changed</source>
        <translation>工单已被修改</translation>
    </message>
</context>
<context>
    <name>TicketEditor</name>
    <message>
        <source>Summary: write what the complaint is about in a line.</source>
        <translation>摘要：请用一句话说明投诉内容。</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>摘要(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;details</source>
        <translation>保存(&amp;D)</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <source>Nobody may take this complaint yet: ask your supervisor.</source>
        <translation>目前没有可分派的人员：请联系班组长。</translation>
    </message>
    <message>
        <source>reopened it</source>
        <translation>重新打开了工单</translation>
    </message>
    <message>
        <source>escalated it</source>
        <translation>进行了升级</translation>
    </message>
    <message>
        <source>sent a letter</source>
        <translation>发送了函件</translation>
    </message>
    <message>
        <source>recorded a clock event</source>
        <translation>记录了时限事件</translation>
    </message>
    <message>
        <source>edited it</source>
        <translation>进行了编辑</translation>
    </message>
    <message>
        <source>assigned it</source>
        <translation>进行了分派</translation>
    </message>
    <message>
        <source>moved it</source>
        <translation>变更了状态</translation>
    </message>
    <message>
        <source>opened the complaint</source>
        <translation>新建了投诉</translation>
    </message>
    <message>
        <source>%1 (%2, team %3)</source>
        <translation>%1（%2，班组 %3）</translation>
    </message>
    <message>
        <source>Move to %1</source>
        <translation>变更为 %1</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Saved on this computer and waiting to be sent: moves, assignment, clock events and letters are possible once the server has it.</source>
        <translation>已保存在本机，等待同步：服务器收到后才能变更状态、分派、记录时限事件和发送函件。</translation>
    </message>
    <message>
        <source>Resolution: %1</source>
        <translation>处理结果：%1</translation>
    </message>
    <message>
        <source>Desired outcome: %1</source>
        <translation>客户诉求：%1</translation>
    </message>
    <message>
        <source>Description: %1</source>
        <translation>描述：%1</translation>
    </message>
    <message>
        <source>Regime chosen because: %1</source>
        <translation>选择该监管规则的原因：%1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <source>Assignee: %1</source>
        <translation>处理人：%1</translation>
    </message>
    <message>
        <source>Regime: %1 — %2</source>
        <translation>适用监管：%1 — %2</translation>
    </message>
    <message>
        <source>Category: %1 · Severity: %2 · Channel: %3</source>
        <translation>类别：%1 · 严重程度：%2 · 渠道：%3</translation>
    </message>
    <message>
        <source>Complaint %1 — %2</source>
        <translation>投诉 %1 — %2</translation>
    </message>
    <message>
        <source>Complaint %1</source>
        <translation>投诉 %1</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>待同步</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Le&amp;tter</source>
        <translation>函件(&amp;T)</translation>
    </message>
    <message>
        <source>Clock e&amp;vent</source>
        <translation>时限事件(&amp;V)</translation>
    </message>
    <message>
        <source>Assign &amp;to</source>
        <translation>分派给(&amp;T)</translation>
    </message>
    <message>
        <source>Activity log</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Send &amp;letter</source>
        <translation>发送函件(&amp;L)</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Letter language</source>
        <translation>函件语言</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>函件</translation>
    </message>
    <message>
        <source>Add &amp;event</source>
        <translation>添加事件(&amp;E)</translation>
    </message>
    <message>
        <source>Why (told to the customer for an extension)</source>
        <translation>原因（延长处理期限时将告知客户）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>On</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Clock event</source>
        <translation>时限事件</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>分派(&amp;A)</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>分派给</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>变更状态</translation>
    </message>
    <message>
        <source>Ask for an e&amp;xtension…</source>
        <translation>申请延长处理期限(&amp;X)…</translation>
    </message>
    <message>
        <source>Ask your supervisor for more time, with the reason the customer will be told</source>
        <translation>向班组长申请延长处理期限，并写明将告知客户的原因</translation>
    </message>
    <message>
        <source>Ask for an extension</source>
        <translation>申请延长处理期限</translation>
    </message>
    <message>
        <source>Why more time is needed (the customer is told this if it is approved):</source>
        <translation>需要延期的原因（获批后将告知客户）：</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Say why more time is needed: the customer will be told.</source>
        <translation>请说明需要延期的原因：将告知客户。</translation>
    </message>
    <message>
        <source>Extension asked for: waiting for your supervisor's decision.</source>
        <translation>已申请延期：等待班组长审批。</translation>
    </message>
    <message>
        <source>asked for an extension</source>
        <translation>申请了延长处理期限</translation>
    </message>
    <message>
        <source>refused the extension</source>
        <translation>拒绝了延期申请</translation>
    </message>
    <message>
        <source>Extension refused by %1</source>
        <translation>%1 已拒绝延期</translation>
    </message>
    <message>
        <source>: %1</source>
        <translation>：%1</translation>
    </message>
</context>
<context>
    <name>TicketRefusals</name>
    <message>
        <source>The server refused this (%1).</source>
        <translation>服务器拒绝了此操作（%1）。</translation>
    </message>
    <message>
        <source>You may not do this on this ticket: ask its team&apos;s supervisor.</source>
        <translation>您无权对此工单执行此操作：请联系所属班组的班组长。</translation>
    </message>
    <message>
        <source>The letter cannot be sent yet: the ticket lacks what the letter must say (for a final response, the resolution).</source>
        <translation>暂不能发送函件：工单缺少函件必须载明的内容（最终答复须有处理结果）。</translation>
    </message>
    <message>
        <source>Not recorded: this event does not apply to this kind of complaint.</source>
        <translation>未记录：该事件不适用于此类投诉。</translation>
    </message>
    <message>
        <source>Not recorded: a further extension follows the first one.</source>
        <translation>未记录：再次延长须在首次延长之后。</translation>
    </message>
    <message>
        <source>Not recorded: a pause needs its resume, and a resume a pause before it.</source>
        <translation>未记录：暂停须有对应的恢复，恢复之前须有暂停。</translation>
    </message>
    <message>
        <source>Not recorded: the date is in the future.</source>
        <translation>未记录：该日期在未来。</translation>
    </message>
    <message>
        <source>Not recorded: the date is before the complaint was received.</source>
        <translation>未记录：该日期早于收到投诉的日期。</translation>
    </message>
    <message>
        <source>Not recorded: this would take the deadline past the regime&apos;s maximum.</source>
        <translation>未记录：这将使处理时限超过监管规定的上限。</translation>
    </message>
    <message>
        <source>Give the reason for the extension: it is told to the customer.</source>
        <translation>请填写延长原因：该原因将告知客户。</translation>
    </message>
    <message>
        <source>An extension is approved by a supervisor of the ticket&apos;s team.</source>
        <translation>延长处理期限须由该工单所属班组的班组长审批。</translation>
    </message>
    <message>
        <source>To close, give the root cause and the resolution.</source>
        <translation>结案需填写根本原因和处理结果。</translation>
    </message>
    <message>
        <source>The ticket cannot move there from where it stands now; the moves it allows are the buttons shown.</source>
        <translation>工单当前状态不能变更为该状态；可用的变更即所显示的按钮。</translation>
    </message>
    <message>
        <source>Not assigned: the complaint is about this person&apos;s branch, so they may not handle it.</source>
        <translation>未分派：该投诉涉及此人所在网点，按回避规定此人不得处理。</translation>
    </message>
    <message>
        <source>Not assigned: the complaint is about this person&apos;s team, so they may not handle it.</source>
        <translation>未分派：该投诉涉及此人所在班组，按回避规定此人不得处理。</translation>
    </message>
    <message>
        <source>Not assigned: the complaint is about this person, so they may not handle it.</source>
        <translation>未分派：该投诉涉及此人，按回避规定此人不得处理。</translation>
    </message>
    <message>
        <source>Only the complaint's assignee asks for an extension.</source>
        <translation>只有投诉的处理人可以申请延期。</translation>
    </message>
    <message>
        <source>An extension request already waits for the supervisor's decision.</source>
        <translation>已有延期申请在等待班组长审批。</translation>
    </message>
    <message>
        <source>There is no extension request to decide any more.</source>
        <translation>已没有待审批的延期申请。</translation>
    </message>
</context>
<context>
    <name>SegmentText</name>
    <message>
        <source>%1 from %2</source>
        <translation>%1：%2 起</translation>
    </message>
    <message>
        <source>AUM %1 is below every tier&apos;s threshold</source>
        <translation>资产管理规模 %1 未达任何等级门槛</translation>
    </message>
    <message>
        <source>Yearly contribution %1 reaches the %2 threshold of %3</source>
        <translation>年贡献度 %1 达到%2门槛 %3</translation>
    </message>
    <message>
        <source>AUM %1 reaches the %2 threshold of %3</source>
        <translation>资产管理规模 %1 达到%2门槛 %3</translation>
    </message>
    <message>
        <source>Last activity %1 days ago</source>
        <translation>最近一次交易或接触在 %1 天前</translation>
    </message>
    <message>
        <source>AUM fell %1 % in a quarter, from %2 to %3 (from %4 % on)</source>
        <translation>资产管理规模一个季度下降 %1 %，从 %2 降至 %3（下降满 %4 % 即计入）</translation>
    </message>
    <message>
        <source>No activity on record</source>
        <translation>无交易或接触记录</translation>
    </message>
    <message>
        <source>No activity for %1 days (from %2 days on)</source>
        <translation>已 %1 天无交易或接触（满 %2 天即计入）</translation>
    </message>
    <message>
        <source>The risk assessment is dated %1, in the future: not trusted</source>
        <translation>风险测评日期 %1 晚于今天，不予采信</translation>
    </message>
    <message>
        <source>No risk assessment on file</source>
        <translation>无风险测评记录</translation>
    </message>
    <message>
        <source>The risk assessment of %1 has expired</source>
        <translation>%1 的风险测评已过期</translation>
    </message>
    <message>
        <source>Risk profile %1</source>
        <translation>风险承受能力等级 %1</translation>
    </message>
    <message>
        <source>Used mobile or online banking on %1 days of the last %2</source>
        <translation>近 %2 天中有 %1 天使用手机银行或网上银行</translation>
    </message>
    <message>
        <source>From the kinds of products the customer holds</source>
        <translation>按客户持有的产品种类划分</translation>
    </message>
    <message>
        <source>Holds a mortgage at age %1</source>
        <translation>%1 岁持有房贷</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Age %1</source>
        <translation>年龄 %1</translation>
    </message>
    <message>
        <source>dormant</source>
        <translation>休眠</translation>
    </message>
    <message>
        <source>at risk of leaving</source>
        <translation>有流失风险</translation>
    </message>
    <message>
        <source>active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>growth</source>
        <translation>进取</translation>
    </message>
    <message>
        <source>balanced</source>
        <translation>稳健</translation>
    </message>
    <message>
        <source>conservative</source>
        <translation>保守</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>wealth</source>
        <translation>理财</translation>
    </message>
    <message>
        <source>deposits</source>
        <translation>存款</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>退休</translation>
    </message>
    <message>
        <source>pre-retirement</source>
        <translation>临近退休</translation>
    </message>
    <message>
        <source>family</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>establishing</source>
        <translation>事业起步</translation>
    </message>
    <message>
        <source>young adult</source>
        <translation>青年</translation>
    </message>
    <message>
        <source>minor</source>
        <translation>未成年</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活跃度</translation>
    </message>
    <message>
        <source>Risk appetite</source>
        <translation>风险偏好</translation>
    </message>
    <message>
        <source>E-channel use</source>
        <translation>电子渠道使用</translation>
    </message>
    <message>
        <source>Product mix</source>
        <translation>产品组合</translation>
    </message>
    <message>
        <source>Life stage</source>
        <translation>人生阶段</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
</context>
<context>
    <name>MyTasksPage</name>
    <message>
        <source>Your tasks could not be read: %1</source>
        <translation>无法读取您的任务：%1</translation>
    </message>
    <message>
        <source>To ta&amp;ke (%1)</source>
        <translation>待领取(&amp;K)（%1）</translation>
    </message>
    <message>
        <source>&amp;Upcoming (%1)</source>
        <translation>即将到期(&amp;U)（%1）</translation>
    </message>
    <message>
        <source>Due &amp;today (%1)</source>
        <translation>今日到期(&amp;T)（%1）</translation>
    </message>
    <message>
        <source>&amp;Overdue (%1)</source>
        <translation>已逾期(&amp;O)（%1）</translation>
    </message>
    <message>
        <source>No tasks in this list</source>
        <translation>此列表中没有任务</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <source>Task lists</source>
        <translation>任务列表</translation>
    </message>
</context>
<context>
    <name>TaskActions</name>
    <message>
        <source>Take the task from the care queue as yours</source>
        <translation>从关怀队列领取此任务</translation>
    </message>
    <message>
        <source>Take &amp;it</source>
        <translation>领取(&amp;I)</translation>
    </message>
    <message>
        <source>The task could not be changed: %1</source>
        <translation>无法修改任务：%1</translation>
    </message>
    <message>
        <source>The call could not be placed: %1</source>
        <translation>无法发起外呼：%1</translation>
    </message>
    <message>
        <source>Give the task back to the care queue</source>
        <translation>将任务退回关怀队列</translation>
    </message>
    <message>
        <source>&amp;Hand back</source>
        <translation>退回队列(&amp;H)</translation>
    </message>
    <message>
        <source>Move the task to another time</source>
        <translation>将任务改到其他时间</translation>
    </message>
    <message>
        <source>&amp;Reschedule…</source>
        <translation>改期(&amp;R)…</translation>
    </message>
    <message>
        <source>End the task with its outcome</source>
        <translation>填写结果并完成任务</translation>
    </message>
    <message>
        <source>Mark &amp;done…</source>
        <translation>标记完成(&amp;D)…</translation>
    </message>
    <message>
        <source>Call the customer for this task</source>
        <translation>为此任务外呼客户</translation>
    </message>
    <message>
        <source>&amp;Call customer</source>
        <translation>呼叫客户(&amp;C)</translation>
    </message>
    <message>
        <source>Open the customer&apos;s 360</source>
        <translation>打开客户全景视图</translation>
    </message>
    <message>
        <source>&amp;Open customer</source>
        <translation>打开客户(&amp;O)</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
</context>
<context>
    <name>DoneDialog</name>
    <message>
        <source>&amp;Outcome</source>
        <translation>结果(&amp;O)</translation>
    </message>
    <message>
        <source>Could not reach the customer</source>
        <translation>未能联系上客户</translation>
    </message>
    <message>
        <source>Customer declined the call</source>
        <translation>客户拒绝通话</translation>
    </message>
    <message>
        <source>Reached the customer; follow-up agreed</source>
        <translation>已联系客户，已约定跟进</translation>
    </message>
    <message>
        <source>Reached the customer; nothing more to do</source>
        <translation>已联系客户，无需跟进</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Mark the task done</source>
        <translation>标记任务完成</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>&amp;Due</source>
        <translation>到期时间(&amp;D)</translation>
    </message>
    <message>
        <source>New due time</source>
        <translation>新的到期时间</translation>
    </message>
    <message>
        <source>Reschedule the task</source>
        <translation>任务改期</translation>
    </message>
</context>
<context>
    <name>WorklistController</name>
    <message>
        <source>Your callbacks and care calls by due time</source>
        <translation>按到期时间列出您的回呼和关怀回访</translation>
    </message>
    <message>
        <source>My &amp;tasks</source>
        <translation>我的任务(&amp;T)</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>我的任务</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Open (waiting to sync)</source>
        <translation>待处理（待同步）</translation>
    </message>
    <message>
        <source>Waiting in the care queue</source>
        <translation>在关怀队列中等待领取</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>Care call</source>
        <translation>关怀回访</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>回呼</translation>
    </message>
</context>
<context>
    <name>OfferText</name>
    <message>
        <source> and </source>
        <translation>，且</translation>
    </message>
    <message>
        <source>No offers for this customer: %1.</source>
        <translation>不向此客户推荐任何产品：%1。</translation>
    </message>
    <message>
        <source>the customer asked not to be called (do not call)</source>
        <translation>客户要求勿扰</translation>
    </message>
    <message>
        <source>the customer has not given marketing consent</source>
        <translation>客户未授权营销</translation>
    </message>
    <message>
        <source>Accepted on %1: not offered again before %2</source>
        <translation>客户于 %1 已接受：%2 前不再推荐</translation>
    </message>
    <message>
        <source>Declined on %1: not offered again before %2</source>
        <translation>客户于 %1 拒绝：%2 前不再推荐</translation>
    </message>
    <message>
        <source>Only for %1 customers and above</source>
        <translation>仅限%1及以上</translation>
    </message>
    <message>
        <source>Not suitable: %1</source>
        <translation>不适当：%1</translation>
    </message>
    <message>
        <source>Suitable (%1)</source>
        <translation>适当（%1）</translation>
    </message>
    <message>
        <source>Said “not now” on %1: lower until %2</source>
        <translation>客户于 %1 表示“暂不考虑”：%2 前降低推荐顺序</translation>
    </message>
    <message>
        <source>Within the risk profile (%1 for %2)</source>
        <translation>在风险承受能力范围内（%1，客户 %2）</translation>
    </message>
    <message>
        <source>Suits the segment %1</source>
        <translation>适合客户分群“%1”</translation>
    </message>
    <message>
        <source>%1 matures on %2, in %3 days</source>
        <translation>%1 将于 %2 到期（%3 天后）</translation>
    </message>
    <message>
        <source>Holds no %1 yet</source>
        <translation>尚未持有%1</translation>
    </message>
    <message>
        <source>credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>fund</source>
        <translation>基金</translation>
    </message>
    <message>
        <source>wealth management product</source>
        <translation>理财产品</translation>
    </message>
    <message>
        <source>deposit</source>
        <translation>存款</translation>
    </message>
</context>
<context>
    <name>ProvisionalContactDialog</name>
    <message>
        <source>Enter the caller&apos;s name.</source>
        <translation>请输入来电人姓名。</translation>
    </message>
    <message>
        <source>N&amp;ote</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>What the caller wanted, how to reach them</source>
        <translation>来电诉求及联系方式</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Caller&apos;s name</source>
        <translation>来电人姓名</translation>
    </message>
    <message>
        <source>Create a provisional contact</source>
        <translation>创建临时客户记录</translation>
    </message>
</context>
<context>
    <name>DiagnosticsSaver</name>
    <message>
        <source>The diagnostics could not be saved: %1</source>
        <translation>无法保存诊断信息：%1</translation>
    </message>
    <message>
        <source>Diagnostics not saved</source>
        <translation>诊断信息未保存</translation>
    </message>
    <message>
        <source>Diagnostics saved to %1</source>
        <translation>诊断信息已保存到 %1</translation>
    </message>
    <message>
        <source>Saving diagnostics…</source>
        <translation>正在保存诊断信息…</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Zip 文件 (*.zip)</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>保存诊断信息</translation>
    </message>
    <message>
        <source>Save a zip for a support ticket: versions, checks, logs (no customer data)</source>
        <translation>保存一个 zip 附到支持工单：版本、自检、日志（不含客户数据）</translation>
    </message>
    <message>
        <source>Save &amp;diagnostics…</source>
        <translation>保存诊断信息(&amp;D)…</translation>
    </message>
</context>
<context>
    <name>NotReadyDialog</name>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>Not-ready reason</source>
        <translation>未就绪原因</translation>
    </message>
    <message>
        <source>Set %1 not ready? During a call it applies after the wrap-up.</source>
        <translation>将 %1 置为未就绪？通话中则在话后整理结束后生效。</translation>
    </message>
    <message>
        <source>Set not ready</source>
        <translation>置为未就绪</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>%1 of %2 characters</source>
        <translation>%1 / %2 字</translation>
    </message>
</context>
<context>
    <name>AgentGrid</name>
    <message>
        <source>%1 (after this call)</source>
        <translation>%1（本通话后）</translation>
    </message>
    <message>
        <source>%1, set by %2</source>
        <translation>%1，由 %2 设置</translation>
    </message>
    <message>
        <source>%1: longer than %2 min</source>
        <translation>%1：已超过 %2 分钟</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>座席</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time in state</source>
        <translation>本状态时长</translation>
    </message>
</context>
<context>
    <name>ComplaintBoard</name>
    <message>
        <source>%1 asked on %2: %3</source>
        <translation>%1 于 %2 申请：%3</translation>
    </message>
    <message>
        <source>All open complaints</source>
        <translation>全部未办结投诉</translation>
    </message>
    <message>
        <source>Asked by %1</source>
        <translation>%1 已申请</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>At 80 %</source>
        <translation>已用 80%</translation>
    </message>
    <message>
        <source>At 80 % of their time</source>
        <translation>时限已用 80%</translation>
    </message>
    <message>
        <source>Breached</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>延长处理期限</translation>
    </message>
    <message>
        <source>Extension to decide</source>
        <translation>待审批延期</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>时限状态</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
</context>
<context>
    <name>SupervisorConsole</name>
    <message>
        <source>%1 asked for more time on %2: “%3”</source>
        <translation>%1 申请延长 %2 的处理期限：“%3”</translation>
    </message>
    <message>
        <source>%1 logged out of the phone</source>
        <translation>%1 已被签出话务</translation>
    </message>
    <message>
        <source>%1 reassigned to %2</source>
        <translation>%1 已改派给 %2</translation>
    </message>
    <message>
        <source>%1 set not ready: %2</source>
        <translation>%1 已置为未就绪：%2</translation>
    </message>
    <message>
        <source>&amp;Agents</source>
        <translation>座席(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Broadcast…</source>
        <translation>班组广播(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Complaints</source>
        <translation>投诉(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Export interval figures…</source>
        <translation>导出时段指标(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Log agent out…</source>
        <translation>签出座席(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Move to queue…</source>
        <translation>转移到队列(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Reload the console</source>
        <translation>重新载入(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Trends</source>
        <translation>趋势(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Waiting calls</source>
        <translation>排队来电(&amp;W)</translation>
    </message>
    <message>
        <source>A&amp;pprove extension…</source>
        <translation>批准延期(&amp;P)…</translation>
    </message>
    <message>
        <source>Agent grid</source>
        <translation>座席列表</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Approve extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <source>Approve the extension asked for on the selected complaint</source>
        <translation>批准所选投诉的延期申请</translation>
    </message>
    <message>
        <source>Approving moves the deadline and sends the holding letter.</source>
        <translation>批准后处理时限顺延，并发出延期答复函。</translation>
    </message>
    <message>
        <source>Broadcast to the team</source>
        <translation>向班组广播</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Call moved to %1</source>
        <translation>来电已转移到 %1</translation>
    </message>
    <message>
        <source>Complaint board</source>
        <translation>投诉时限看板</translation>
    </message>
    <message>
        <source>Console views</source>
        <translation>监控视图</translation>
    </message>
    <message>
        <source>Due today %1 · at 80 % %2 · breached %3 · extensions %4</source>
        <translation>今日到期 %1 · 已用 80% %2 · 已超时 %3 · 待审批延期 %4</translation>
    </message>
    <message>
        <source>Every desk of the team shows this message until the agent dismisses it.</source>
        <translation>班组每个座席都会看到这条消息，直到座席关闭它。</translation>
    </message>
    <message>
        <source>Export interval figures</source>
        <translation>导出时段指标</translation>
    </message>
    <message>
        <source>Extension approved</source>
        <translation>已批准延期</translation>
    </message>
    <message>
        <source>Extension refused</source>
        <translation>已拒绝延期</translation>
    </message>
    <message>
        <source>Give %1 to (people party to the complaint are left out):</source>
        <translation>将 %1 改派给（与投诉相关的人员已回避）：</translation>
    </message>
    <message>
        <source>Give the selected complaint to another person of the team</source>
        <translation>将所选投诉改派给班组其他人</translation>
    </message>
    <message>
        <source>Interval figures saved to %1</source>
        <translation>时段指标已保存到 %1</translation>
    </message>
    <message>
        <source>Log %1 out of the phone? They stop receiving calls.</source>
        <translation>将 %1 签出话务？签出后不再接听来电。</translation>
    </message>
    <message>
        <source>Log agent out</source>
        <translation>签出座席</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>签出</translation>
    </message>
    <message>
        <source>Log the selected agent out of the phone</source>
        <translation>将所选座席签出话务</translation>
    </message>
    <message>
        <source>Message sent to the team</source>
        <translation>消息已发送给班组</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>Move the call waiting in %1 to:</source>
        <translation>将在 %1 排队的来电转移到：</translation>
    </message>
    <message>
        <source>Move the selected waiting call to another queue</source>
        <translation>将所选排队来电转移到其他队列</translation>
    </message>
    <message>
        <source>Move to queue</source>
        <translation>转移到队列</translation>
    </message>
    <message>
        <source>No call is waiting.</source>
        <translation>没有排队的来电。</translation>
    </message>
    <message>
        <source>No complaint of the team matches.</source>
        <translation>班组没有符合条件的投诉。</translation>
    </message>
    <message>
        <source>Nobody else of the team may take this complaint.</source>
        <translation>班组中没有其他人可以处理这件投诉。</translation>
    </message>
    <message>
        <source>Re&amp;assign complaint…</source>
        <translation>改派投诉(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;fuse extension…</source>
        <translation>拒绝延期(&amp;F)…</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Reassign complaint</source>
        <translation>改派投诉</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Refuse extension</source>
        <translation>拒绝延期</translation>
    </message>
    <message>
        <source>Refuse the extension asked for on the selected complaint, with a note</source>
        <translation>拒绝所选投诉的延期申请，并附说明</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>显示(&amp;H)：</translation>
    </message>
    <message>
        <source>Save the team's interval figures as a CSV file</source>
        <translation>将班组的时段指标保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Say why: the agent sees your note.</source>
        <translation>请说明原因：座席会看到您的说明。</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send a message to every desk of the team</source>
        <translation>向班组每个座席发送消息</translation>
    </message>
    <message>
        <source>Set agent &amp;not ready…</source>
        <translation>置座席为未就绪(&amp;N)…</translation>
    </message>
    <message>
        <source>Set the selected agent not ready, with a reason (e.g. coaching)</source>
        <translation>将所选座席置为未就绪并注明原因（如辅导）</translation>
    </message>
    <message>
        <source>Show complaints</source>
        <translation>显示投诉</translation>
    </message>
    <message>
        <source>Show this view</source>
        <translation>显示此视图</translation>
    </message>
    <message>
        <source>Take the team's figures afresh</source>
        <translation>重新获取班组的指标</translation>
    </message>
    <message>
        <source>The team has no other queue.</source>
        <translation>班组没有其他队列。</translation>
    </message>
    <message>
        <source>Waiting calls</source>
        <translation>排队来电</translation>
    </message>
</context>
<context>
    <name>QueueTile</name>
    <message>
        <source>%1: %2 waiting, service level %3</source>
        <translation>%1：排队 %2，服务水平 %3</translation>
    </message>
    <message>
        <source>Agents with this queue's skill: %1 ready of %2 signed in</source>
        <translation>具备本队列技能组的座席：已签入 %2 人，其中就绪 %1 人</translation>
    </message>
</context>
<context>
    <name>QueueWall</name>
    <message>
        <source>No queue figures yet.</source>
        <translation>暂无队列指标。</translation>
    </message>
    <message>
        <source>Queue wall</source>
        <translation>队列监控墙</translation>
    </message>
</context>
<context>
    <name>TrendsPanel</name>
    <message>
        <source>&amp;Queue:</source>
        <translation>队列(&amp;Q)：</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>All queues of the team</source>
        <translation>班组全部队列</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>接通</translation>
    </message>
    <message>
        <source>Calls per interval</source>
        <translation>各时段来电量</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>呼入</translation>
    </message>
    <message>
        <source>Offered, answered and abandoned per interval</source>
        <translation>各时段呼入、接通和放弃量</translation>
    </message>
    <message>
        <source>Queue shown in the trends</source>
        <translation>趋势显示的队列</translation>
    </message>
    <message>
        <source>Service level</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <source>Service level (of offered)</source>
        <translation>服务水平（按呼入量）</translation>
    </message>
    <message>
        <source>Service level per interval</source>
        <translation>各时段服务水平</translation>
    </message>
    <message>
        <source>Solid: today · dashed: the same weekday last week</source>
        <translation>实线：今天 · 虚线：上周同一天</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
</context>
<context>
    <name>WaitingCalls</name>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Waiting for</source>
        <translation>已等待</translation>
    </message>
</context>
<context>
    <name>QueueFigures</name>
    <message>
        <source>AHT</source>
        <translation>平均处理时长</translation>
    </message>
    <message>
        <source>ASA</source>
        <translation>平均应答速度</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>放弃率</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等待</translation>
    </message>
    <message>
        <source>Occupancy</source>
        <translation>占用率</translation>
    </message>
    <message>
        <source>Service level (of answered)</source>
        <translation>服务水平（按接通量）</translation>
    </message>
    <message>
        <source>Service level (of offered)</source>
        <translation>服务水平（按呼入量）</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>排队</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>&amp;About AgentDesk</source>
        <translation>关于 AgentDesk(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Find customer…</source>
        <translation>查找客户(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>班组(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>AgentDesk — Supervisor console</source>
        <translation>AgentDesk — 班组长监控台</translation>
    </message>
    <message>
        <source>C&amp;ustomer</source>
        <translation>客户全景(&amp;U)</translation>
    </message>
    <message>
        <source>Cu&amp;stomer</source>
        <translation>客户(&amp;S)</translation>
    </message>
    <message>
        <source>Language and theme</source>
        <translation>界面语言和主题</translation>
    </message>
    <message>
        <source>Quit AgentDesk</source>
        <translation>退出 AgentDesk</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Search customers by name, CIF, phone or ID last 4</source>
        <translation>按姓名、客户号、电话或证件号后 4 位查找客户</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Sign out of AgentDesk</source>
        <translation>退出 AgentDesk 登录</translation>
    </message>
    <message>
        <source>Signed-in supervisor</source>
        <translation>已登录的班组长</translation>
    </message>
    <message>
        <source>Supervisor: %1 (%2)</source>
        <translation>班组长：%1（%2）</translation>
    </message>
    <message>
        <source>Switch between light and dark</source>
        <translation>在浅色与深色主题之间切换</translation>
    </message>
    <message>
        <source>Team %1</source>
        <translation>班组 %1</translation>
    </message>
    <message>
        <source>Version and support information</source>
        <translation>版本与支持信息</translation>
    </message>
</context>
<context>
    <name>BroadcastBanner</name>
    <message>
        <source>&amp;Dismiss message</source>
        <translation>关闭消息(&amp;D)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
    <message>
        <source>Hide the supervisor's message</source>
        <translation>隐藏班组长的消息</translation>
    </message>
    <message>
        <source>Message from %1 at %2: %3</source>
        <translation>%1 于 %2 发来消息：%3</translation>
    </message>
    <message>
        <source>Message from your supervisor</source>
        <translation>班组长消息</translation>
    </message>
</context>
<context>
    <name>WindowFrame</name>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Sign out of AgentDesk</source>
        <translation>退出 AgentDesk 登录</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit AgentDesk</source>
        <translation>退出 AgentDesk</translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
        <source>Switch between light and dark</source>
        <translation>在浅色与深色主题之间切换</translation>
    </message>
    <message>
        <source>&amp;About AgentDesk</source>
        <translation>关于 AgentDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Version and support information</source>
        <translation>版本与支持信息</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Language and theme</source>
        <translation>界面语言和主题</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>AgentDesk — Administration</source>
        <translation>AgentDesk — 系统管理</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Teams &amp;&amp; queues</source>
        <translation>班组与队列</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>系统设置</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>服务话术流程</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Show this page</source>
        <translation>显示此页</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>重新读取(&amp;R)</translation>
    </message>
    <message>
        <source>Read this page again from the server</source>
        <translation>从服务器重新读取此页</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Signed-in administrator</source>
        <translation>已登录的管理员</translation>
    </message>
    <message>
        <source>Administrator: %1 (%2)</source>
        <translation>管理员：%1（%2）</translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <source>Viewed</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Unmasked</source>
        <translation>查看明文</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign-in locked</source>
        <translation>登录已锁定</translation>
    </message>
    <message>
        <source>Refresh token reused</source>
        <translation>刷新令牌被重复使用</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>分派</translation>
    </message>
    <message>
        <source>Sent a one-time code</source>
        <translation>发送动态验证码</translation>
    </message>
    <message>
        <source>Sent a notice</source>
        <translation>发送通知</translation>
    </message>
    <message>
        <source>Set an agent not ready</source>
        <translation>将坐席置为未就绪</translation>
    </message>
    <message>
        <source>Logged an agent out</source>
        <translation>将坐席签出</translation>
    </message>
    <message>
        <source>Moved a waiting call</source>
        <translation>转移排队来电</translation>
    </message>
    <message>
        <source>Broadcast to the team</source>
        <translation>向班组广播</translation>
    </message>
    <message>
        <source>Asked for an extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <source>Approved an extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <source>Refused an extension</source>
        <translation>拒绝延期</translation>
    </message>
    <message>
        <source>Asked for back-office access</source>
        <translation>申请后台访问</translation>
    </message>
    <message>
        <source>Approved back-office access</source>
        <translation>批准后台访问</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Product price</source>
        <translation>产品价格</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Access through</source>
        <translation>访问依据</translation>
    </message>
    <message>
        <source>Back-office grant</source>
        <translation>后台授权</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Changed fields</source>
        <translation>修改的字段</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>When: %1</source>
        <translation>时间：%1</translation>
    </message>
    <message>
        <source>Who: %1</source>
        <translation>操作人：%1</translation>
    </message>
    <message>
        <source>Workstation: %1</source>
        <translation>工作站：%1</translation>
    </message>
    <message>
        <source>Action: %1 (%2)</source>
        <translation>操作：%1（%2）</translation>
    </message>
    <message>
        <source>Record: %1 %2</source>
        <translation>对象：%1 %2</translation>
    </message>
    <message>
        <source>Customer: %1</source>
        <translation>客户：%1</translation>
    </message>
    <message>
        <source>Detail:</source>
        <translation>详情：</translation>
    </message>
    <message>
        <source>Client address</source>
        <translation>客户端地址</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit events</source>
        <translation>审计事件</translation>
    </message>
    <message>
        <source>No event matches the filter.</source>
        <translation>没有符合筛选条件的事件。</translation>
    </message>
    <message>
        <source>Event detail</source>
        <translation>事件详情</translation>
    </message>
    <message>
        <source>Choose an event to see all of it.</source>
        <translation>选择一条事件查看其全部内容。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Customer number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Any action</source>
        <translation>任意操作</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>S&amp;earch</source>
        <translation>查询(&amp;E)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>&amp;Newer</source>
        <translation>较新(&amp;N)</translation>
    </message>
    <message>
        <source>The page of events after these</source>
        <translation>这些事件之后的一页</translation>
    </message>
    <message>
        <source>Ol&amp;der</source>
        <translation>较早(&amp;D)</translation>
    </message>
    <message>
        <source>The page of events before these</source>
        <translation>这些事件之前的一页</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>导出 CSV(&amp;X)…</translation>
    </message>
    <message>
        <source>Every event that matches the filter, as CSV</source>
        <translation>所有符合筛选条件的事件，导出为 CSV</translation>
    </message>
    <message>
        <source>Use&amp;r:</source>
        <translation>用户(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Customer no.:</source>
        <translation>客户号(&amp;C)：</translation>
    </message>
    <message>
        <source>Act&amp;ion:</source>
        <translation>操作(&amp;I)：</translation>
    </message>
    <message>
        <source>Fro&amp;m:</source>
        <translation>从(&amp;M)：</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>至(&amp;O)：</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>Page %1 · events %2–%3</source>
        <translation>第 %1 页 · 第 %2–%3 条</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>导出审计记录</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Audit events saved to %1</source>
        <translation>审计事件已保存到 %1</translation>
    </message>
    <message>
        <source>The audit trail could not be read: %1</source>
        <translation>审计日志无法读取：%1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Short-abandon threshold in seconds</source>
        <translation>短时放弃阈值（秒）</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Holding loss that makes a care call, in %</source>
        <translation>触发关怀回访的持仓亏损比例（%）</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Days until a resolved complaint's confirmation call</source>
        <translation>投诉办结后回访确认的天数</translation>
    </message>
    <message>
        <source>Save the settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Save the settings; the server applies them at once</source>
        <translation>保存设置；服务器立即生效</translation>
    </message>
    <message>
        <source>Show the settings as they were read again</source>
        <translation>恢复为读取时的设置</translation>
    </message>
    <message>
        <source>Settings problem</source>
        <translation>设置问题</translation>
    </message>
    <message>
        <source>Call figures</source>
        <translation>话务指标</translation>
    </message>
    <message>
        <source>Short-a&amp;bandon threshold:</source>
        <translation>短时放弃阈值(&amp;B)：</translation>
    </message>
    <message>
        <source>Callers who hang up within this many seconds of joining a queue are left out of the figures: they count neither as answered nor as abandoned. 0 counts every abandoned call.</source>
        <translation>客户进入队列后在此秒数内挂断的来电不计入指标：既不算接通，也不算放弃。设为 0 则每个放弃的来电都计入。</translation>
    </message>
    <message>
        <source>Care calls</source>
        <translation>关怀回访</translation>
    </message>
    <message>
        <source>Holding &amp;loss for a care call:</source>
        <translation>触发关怀回访的持仓亏损(&amp;L)：</translation>
    </message>
    <message>
        <source>A customer's wealth or fund holding down by more than this percentage makes a care call task (checked by each care scan and each price change).</source>
        <translation>客户的理财或基金持仓亏损超过此百分比时，生成关怀回访任务（每次关怀扫描和每次价格变动时检查）。</translation>
    </message>
    <message>
        <source>&amp;Confirmation call after:</source>
        <translation>回访确认时间(&amp;C)：</translation>
    </message>
    <message>
        <source>A resolved complaint's confirmation call is due this many days after it was resolved (0: at once).</source>
        <translation>投诉办结后，回访确认在此天数后到期（0：立即到期）。</translation>
    </message>
    <message>
        <source>Service-level targets</source>
        <translation>服务水平目标</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Sav&amp;e</source>
        <translation>保存(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>还原(&amp;R)</translation>
    </message>
    <message>
        <source>A queue's service level is the share of its calls answered within the threshold. The queue wall and the interval figures measure each queue against its target; a change applies to the next figures.</source>
        <translation>队列的服务水平是在阈值时间内接通的来电所占比例。队列监控墙和时段指标按各队列的目标衡量；修改后从下一次统计起生效。</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Answered within</source>
        <translation>接通时限</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Someone else saved these settings; they were read again.</source>
        <translation>其他人已保存了这些设置；已重新读取。</translation>
    </message>
    <message>
        <source>The settings could not be read: %1</source>
        <translation>无法读取设置：%1</translation>
    </message>
    <message>
        <source>Service-level threshold of %1, in seconds</source>
        <translation>%1 的服务水平阈值（秒）</translation>
    </message>
    <message>
        <source>Service-level target of %1, in %</source>
        <translation>%1 的服务水平目标（%）</translation>
    </message>
</context>
<context>
    <name>FlowsPage</name>
    <message>
        <source>Check flow files (YAML) and publish them when they have no finding</source>
        <translation>检查流程文件（YAML），没有问题时发布</translation>
    </message>
    <message>
        <source>Result of the last publish</source>
        <translation>上次发布的结果</translation>
    </message>
    <message>
        <source>Flows problem</source>
        <translation>流程问题</translation>
    </message>
    <message>
        <source>Fin&amp;dings of the last check:</source>
        <translation>上次检查发现的问题(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Published versions:</source>
        <translation>已发布的版本(&amp;P)：</translation>
    </message>
    <message>
        <source>Choose flow files to publish</source>
        <translation>选择要发布的流程文件</translation>
    </message>
    <message>
        <source>Checking and publishing…</source>
        <translation>正在检查并发布…</translation>
    </message>
    <message>
        <source>Nothing was published: %n finding(s).</source>
        <translation>未发布任何内容：发现 %n 个问题。</translation>
    </message>
    <message>
        <source>Published %n flow version(s).</source>
        <translation>已发布 %n 个流程版本。</translation>
    </message>
    <message>
        <source>&amp;Choose flow files…</source>
        <translation>选择流程文件(&amp;C)…</translation>
    </message>
    <message>
        <source>Choose validated flow files to publish; a file with findings publishes nothing. A published version never changes: to change a flow, publish it with a higher version.</source>
        <translation>请选择已校验的流程文件进行发布；只要有文件存在问题，就不会发布任何内容。已发布的版本不可更改：如需修改流程，请以更高的版本号发布。</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Published flow versions</source>
        <translation>已发布的流程版本</translation>
    </message>
    <message>
        <source>Flow files (*.yaml *.yml)</source>
        <translation>流程文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>服务话术流程</translation>
    </message>
    <message>
        <source>Flow ID</source>
        <translation>流程 ID</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>发布时间</translation>
    </message>
    <message>
        <source>Published by</source>
        <translation>发布人</translation>
    </message>
    <message>
        <source>No finding.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <source>No flow version is published yet.</source>
        <translation>尚未发布任何流程版本。</translation>
    </message>
    <message>
        <source>The published flows could not be read: %1</source>
        <translation>无法读取已发布的流程：%1</translation>
    </message>
    <message>
        <source>Not published: %1</source>
        <translation>未发布：%1</translation>
    </message>
</context>
<context>
    <name>PeopleText</name>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>班组长</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>两次输入的密码不一致，请输入相同的密码。</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Create user</source>
        <translation>创建用户</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Queues this person serves; none ticked: their team's queues</source>
        <translation>此人服务的队列；不勾选则服务其班组的队列</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>显示名称(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>班组(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Skills (optional):</source>
        <translation>技能组（可选）(&amp;S)：</translation>
    </message>
    <message>
        <source>First &amp;password:</source>
        <translation>初始密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Re&amp;peat it:</source>
        <translation>再次输入(&amp;E)：</translation>
    </message>
    <message>
        <source>Enter a user name (what they sign in with).</source>
        <translation>请输入用户名（用于登录）。</translation>
    </message>
    <message>
        <source>Enter the name colleagues see.</source>
        <translation>请输入同事看到的名称。</translation>
    </message>
    <message>
        <source>An agent or a supervisor belongs to a team: choose one.</source>
        <translation>坐席和班组长必须属于一个班组，请选择。</translation>
    </message>
</context>
<context>
    <name>EditUserDialog</name>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>You cannot change your own role.</source>
        <translation>不能更改自己的角色。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Queues this person serves; none ticked: their team's queues</source>
        <translation>此人服务的队列；不勾选则服务其班组的队列</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>显示名称(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>班组(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Skills:</source>
        <translation>技能组(&amp;S)：</translation>
    </message>
    <message>
        <source>Enter the name colleagues see.</source>
        <translation>请输入同事看到的名称。</translation>
    </message>
    <message>
        <source>An agent or a supervisor belongs to a team: choose one.</source>
        <translation>坐席和班组长必须属于一个班组，请选择。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset the password of %1</source>
        <translation>重置 %1 的密码</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>%1 is signed out everywhere and signs in next with this password. Give it to them in person.</source>
        <translation>%1 将在所有设备上退出登录，下次用此密码登录。请当面告知本人。</translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation>新密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Re&amp;peat it:</source>
        <translation>再次输入(&amp;E)：</translation>
    </message>
</context>
<context>
    <name>DeactivateUserDialog</name>
    <message>
        <source>Deactivate user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Deactivate %1 (%2)? They are signed out at once and cannot sign in until reactivated.</source>
        <translation>停用 %1（%2）？此人将立即退出登录，重新启用前无法登录。</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>技能组</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>No staff accounts.</source>
        <translation>没有员工账户。</translation>
    </message>
    <message>
        <source>&amp;New user…</source>
        <translation>新建用户(&amp;N)…</translation>
    </message>
    <message>
        <source>Create a staff account with a first password</source>
        <translation>创建员工账户并设置初始密码</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Change the selected user's display name, role, team or skills</source>
        <translation>更改所选用户的显示名称、角色、班组或技能组</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>重置密码(&amp;R)…</translation>
    </message>
    <message>
        <source>Give the selected user a new first password; their sessions end</source>
        <translation>为所选用户设置新的初始密码；其会话将结束</translation>
    </message>
    <message>
        <source>&amp;Deactivate…</source>
        <translation>停用(&amp;D)…</translation>
    </message>
    <message>
        <source>Stop the selected user from signing in; their sessions end</source>
        <translation>禁止所选用户登录；其会话将结束</translation>
    </message>
    <message>
        <source>Rea&amp;ctivate</source>
        <translation>重新启用(&amp;C)</translation>
    </message>
    <message>
        <source>Let the selected deactivated user sign in again</source>
        <translation>允许所选的已停用用户再次登录</translation>
    </message>
    <message>
        <source>Team's queues</source>
        <translation>班组的队列</translation>
    </message>
    <message>
        <source>The staff list could not be read: %1</source>
        <translation>无法读取员工列表：%1</translation>
    </message>
    <message>
        <source>User %1 created.</source>
        <translation>已创建用户 %1。</translation>
    </message>
    <message>
        <source>User %1 saved.</source>
        <translation>已保存用户 %1。</translation>
    </message>
    <message>
        <source>Password of %1 reset; their sessions ended.</source>
        <translation>已重置 %1 的密码；其会话已结束。</translation>
    </message>
    <message>
        <source>User %1 deactivated.</source>
        <translation>已停用用户 %1。</translation>
    </message>
    <message>
        <source>User %1 reactivated.</source>
        <translation>已重新启用用户 %1。</translation>
    </message>
</context>
<context>
    <name>EditQueuesDialog</name>
    <message>
        <source>Queues of %1</source>
        <translation>%1 的队列</translation>
    </message>
    <message>
        <source>Save queues</source>
        <translation>保存队列</translation>
    </message>
    <message>
        <source>The team's agents serve the queues ticked here, unless they have skills of their own. Agents signed in to the phone serve them at once.</source>
        <translation>班组的坐席服务此处勾选的队列（有个人技能组的坐席除外）。已签入话务的坐席立即生效。</translation>
    </message>
    <message>
        <source>&amp;Queues:</source>
        <translation>队列(&amp;Q)：</translation>
    </message>
    <message>
        <source>Tick at least one queue: a team's agents must serve one.</source>
        <translation>请至少勾选一个队列：班组的坐席必须服务至少一个队列。</translation>
    </message>
</context>
<context>
    <name>TeamsPage</name>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>坐席数</translation>
    </message>
    <message>
        <source>Supervisors</source>
        <translation>班组长</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>No teams.</source>
        <translation>没有班组。</translation>
    </message>
    <message>
        <source>&amp;Edit queues…</source>
        <translation>编辑队列(&amp;E)…</translation>
    </message>
    <message>
        <source>Choose the queues the selected team's agents serve</source>
        <translation>选择所选班组的坐席服务的队列</translation>
    </message>
    <message>
        <source>The teams could not be read: %1</source>
        <translation>无法读取班组：%1</translation>
    </message>
    <message>
        <source>Queues of %1 saved.</source>
        <translation>已保存 %1 的队列。</translation>
    </message>
</context>
<context>
    <name>IndexedCallerPanel</name>
    <message>
        <source>Look the caller up again (Alt+T)</source>
        <translation>重新查询来电客户 (Alt+T)</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <source>One of the customers no. %1 (they share this number)</source>
        <translation>客户编号 %1 之一（共用此号码）</translation>
    </message>
    <message>
        <source>Customer no. %1</source>
        <translation>客户编号 %1</translation>
    </message>
    <message>
        <source>This desk keeps only the customers you work with, and the backend cannot be reached now: their profile opens when the connection is back. You can take the call and wrap it up: the wrap-up keeps the caller&apos;s number, and is linked to the customer when only one has it.</source>
        <translation>本机只保存与您相关的客户，且当前无法连接后台：连接恢复后即可打开其资料。您可以先接听并完成话后处理：话后记录保留来电号码，仅当只有一位客户使用该号码时才会关联到该客户。</translation>
    </message>
    <message>
        <source>Who is calling</source>
        <translation>来电客户</translation>
    </message>
    <message>
        <source>Caller's number (masked)</source>
        <translation>来电号码（已掩码）</translation>
    </message>
    <message>
        <source>Known customer — profile not on this desk</source>
        <translation>已知客户——本机未保存其资料</translation>
    </message>
</context>
</TS>
